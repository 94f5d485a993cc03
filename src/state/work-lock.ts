import { create } from 'zustand';

/** Name of the Web Lock and the BroadcastChannel by which tabs of this app agree on who saves. */
export const WORK_LOCK = 'coverage-planner/v1/work';

/**
 * This tab's claim on the saved work: 'pending' while finding out; 'owner' = this tab saves;
 * 'other-tab' = another tab owned it when this one opened; 'taken-over' = another tab took it from
 * this one. Only the owner writes, so two tabs never overwrite each other's work.
 */
export type WorkRole = 'pending' | 'owner' | 'other-tab' | 'taken-over';

/**
 * Set when this read-only tab became the owner by itself because the tab that owned the work was
 * closed: it then re-read the saved work; `replacedEdits` = whether changes made here while read-only
 * (never saved) were replaced by the saved work. Shown under the header until dismissed.
 */
export interface InheritNotice {
  replacedEdits: boolean;
}

/**
 * This tab's role, whether a take-over it asked for is under way, the notice of an inheritance,
 * and — without Web Locks — whether the owner tab failed to answer when this read-only tab last
 * asked for it ({@link checkOwner}: it may have crashed).
 */
export const useWorkLock = create<{ role: WorkRole; takingOver: boolean; inherited: InheritNotice | null; ownerSilent: boolean }>()(() => ({
  role: 'pending',
  takingOver: false,
  inherited: null,
  ownerSilent: false,
}));

/**
 * `i-own` carries the owner's id and when it became the owner (`since`, ms), so that two tabs that
 * both found no owner — opened at the same moment, e.g. a browser restoring its tabs — can tell
 * which keeps the work: the earlier (then the smaller id); the other becomes read-only.
 */
type Message =
  | { type: 'who-owns' }
  | { type: 'i-own'; from?: string; since?: number }
  | { type: 'release'; from: string }
  | { type: 'released'; to: string }
  /** Without Web Locks: the owner's page is going away (a real `pagehide`); the read-only tabs elect the next owner. */
  | { type: 'goodbye'; from: string }
  /** Without Web Locks: a read-only tab standing in the election after a goodbye (the earliest opened wins). */
  | { type: 'candidate'; from: string; opened: number };

/** What the lock asks of the saving code. */
export interface LockHooks {
  /** Save what this tab has not saved yet (called before it gives the work away). */
  flush(): Promise<void>;
  /** This tab lost the work (another tab took it over): stop saving. */
  lost(): void;
  /**
   * The owner tab went away (closed, crashed with Web Locks, reloaded elsewhere) and this read-only
   * tab is the owner now: read the saved work again, show it and save from now on. Resolves with
   * whether changes made here while read-only (never saved) were replaced by it.
   */
  inherit(): Promise<boolean>;
}

const tabId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
/** When this page started: without Web Locks the earliest-opened read-only tab inherits the work. */
const openedAt = Date.now();
/**
 * With Web Locks: the waiting request of this read-only tab for the lock, granted by the browser
 * when the owner's page goes away (also when it crashes). Placed only while this tab is visible, so
 * a reload of the owner tab (this one in the background) gets the lock back instead.
 */
let waiting: AbortController | null = null;
/** Another tab asked the owner to release (在此页接管): this one does not queue for the lock until that tab owns it. */
let takeOverElsewhere: ReturnType<typeof setTimeout> | undefined;
/** Without Web Locks: the owner said goodbye and no tab has said it owns the work since. */
let ownerGone = false;
/** Without Web Locks: the election after a goodbye under way (the best candidate heard so far). */
let election: { opened: number; id: string; timer: ReturnType<typeof setTimeout> } | null = null;
/** When this tab became the owner (ms since the epoch), for {@link Message} `i-own`. */
let ownerSince = 0;
let channel: BroadcastChannel | null = null;
let release: (() => void) | null = null;
let hooks: LockHooks | null = null;
let onReleased: (() => void) | null = null;

function locks(): LockManager | null {
  return (globalThis.navigator as Navigator | undefined)?.locks ?? null;
}

function post(m: Message): void {
  channel?.postMessage(m);
}

/** Gives the work to the tab that asked: stop saving, save what is pending, release the lock. */
async function giveAway(to: string): Promise<void> {
  if (useWorkLock.getState().role !== 'owner') return;
  useWorkLock.setState({ role: 'taken-over' });
  await hooks?.flush().catch(() => {});
  hooks?.lost();
  const r = release;
  release = null;
  r?.();
  post({ type: 'released', to });
  waitForOwnerToLeave();
}

function readOnly(): boolean {
  const role = useWorkLock.getState().role;
  return role === 'other-tab' || role === 'taken-over';
}

function visible(): boolean {
  return typeof document === 'undefined' || document.visibilityState === 'visible';
}

/**
 * With Web Locks: while this tab is read-only and visible, a request for the lock waits; the browser
 * grants it when the owner's page is gone (closed or crashed), and this tab then inherits the work.
 * Of several read-only tabs the one that asked first is granted; the others keep waiting.
 */
function waitForOwnerToLeave(): void {
  if (!locks() || waiting || !readOnly() || !visible() || takeOverElsewhere !== undefined || useWorkLock.getState().takingOver) return;
  const ctl = new AbortController();
  waiting = ctl;
  holdLock({ signal: ctl.signal }).then(
    () => {
      if (waiting === ctl) waiting = null;
      if (!readOnly() || useWorkLock.getState().takingOver) return;
      if (takeOverElsewhere !== undefined) {
        // granted while another tab takes over (its request queued after this one): let it have the lock
        const r = release;
        release = null;
        r?.();
        return;
      }
      void inherit();
    },
    () => {
      if (waiting === ctl) waiting = null;
    },
  );
}

function stopWaiting(): void {
  waiting?.abort();
  waiting = null;
}

/** This read-only tab becomes the owner because the owner's page went away; the saved work is read first. */
async function inherit(): Promise<void> {
  ownerSince = Date.now();
  ownerGone = false;
  useWorkLock.setState({ role: 'owner', ownerSilent: false });
  post({ type: 'i-own', from: tabId, since: ownerSince });
  const replacedEdits = (await hooks?.inherit()) ?? false;
  if (useWorkLock.getState().role === 'owner') useWorkLock.setState({ inherited: { replacedEdits } });
}

/** Without Web Locks: stand in the election for the next owner (after a goodbye, or on coming back into view after one). */
function startElection(): void {
  if (election || !readOnly() || !visible()) return;
  election = { opened: openedAt, id: tabId, timer: setTimeout(endElection, ELECTION_MS) };
  // an owner (a tab that took over meanwhile) answers, which ends the election
  post({ type: 'who-owns' });
  post({ type: 'candidate', from: tabId, opened: openedAt });
}

function endElection(): void {
  const e = election;
  election = null;
  if (!e || !ownerGone || !readOnly()) return;
  if (e.id === tabId) void inherit();
}

/** How long the read-only tabs collect candidates after a goodbye (as long as a tab waits for an owner's answer at start). */
const ELECTION_MS = 400;

function openChannel(): void {
  if (channel || typeof BroadcastChannel === 'undefined') return;
  channel = new BroadcastChannel(WORK_LOCK);
  channel.onmessage = (e: MessageEvent<Message>) => {
    const m = e.data;
    const role = useWorkLock.getState().role;
    if (m.type === 'i-own' && m.from !== tabId) {
      // a tab owns the work: no election, no take-over by another tab under way any more
      ownerGone = false;
      for (const answered of [...ownerAnswered]) answered();
      if (useWorkLock.getState().ownerSilent) useWorkLock.setState({ ownerSilent: false });
      if (election) clearTimeout(election.timer);
      election = null;
      if (takeOverElsewhere !== undefined) {
        clearTimeout(takeOverElsewhere);
        takeOverElsewhere = undefined;
        waitForOwnerToLeave();
      }
    }
    if (m.type === 'who-owns' && role === 'owner') post({ type: 'i-own', from: tabId, since: ownerSince });
    else if (m.type === 'i-own' && role === 'pending' && !locks()) decide('other-tab');
    else if (m.type === 'i-own' && role === 'owner' && !locks() && m.from && m.from !== tabId) twoOwners(m.from, m.since ?? 0);
    else if (m.type === 'release' && m.from !== tabId) {
      if (role === 'owner') void giveAway(m.from);
      else {
        // 在此页接管 in another tab: this one's waiting request must not be granted in its place
        stopWaiting();
        clearTimeout(takeOverElsewhere);
        // that tab owns the work within 5 s (its take-over then takes the lock anyway), and says so
        takeOverElsewhere = setTimeout(() => {
          takeOverElsewhere = undefined;
          waitForOwnerToLeave();
        }, 10_000);
      }
    } else if (m.type === 'released' && m.to === tabId) onReleased?.();
    else if (m.type === 'goodbye' && !locks() && readOnly()) {
      ownerGone = true;
      startElection();
    } else if (m.type === 'candidate' && !locks() && readOnly() && m.from !== tabId) {
      ownerGone = true;
      startElection();
      if (election && (m.opened < election.opened || (m.opened === election.opened && m.from < election.id))) {
        election.opened = m.opened;
        election.id = m.from;
      }
    }
  };
}

let pageWatched = false;
/**
 * Without Web Locks the owner says goodbye when its page goes away (a real `pagehide`: closed,
 * reloaded, navigated away), after starting the save of what is pending (the journal already holds
 * it). It then stops saving: a page kept in the back/forward cache and shown again is read-only
 * and stands in an election like the others. With Web Locks the browser releases the lock itself.
 * A read-only tab queues for the lock (or stands in an election after a goodbye) only while it is
 * visible.
 */
function watchPage(): void {
  if (pageWatched || typeof window === 'undefined') return;
  pageWatched = true;
  window.addEventListener('pagehide', (e) => {
    // only the browser's own event means the page is going (a script may dispatch one)
    if (!e.isTrusted || locks() || useWorkLock.getState().role !== 'owner') return;
    void hooks?.flush().catch(() => {});
    post({ type: 'goodbye', from: tabId });
    useWorkLock.setState({ role: 'taken-over', inherited: null });
    hooks?.lost();
    ownerGone = true;
  });
  window.addEventListener('pageshow', (e) => {
    if (e.persisted && ownerGone) startElection();
  });
  document.addEventListener('visibilitychange', () => {
    if (!visible()) {
      stopWaiting();
      return;
    }
    waitForOwnerToLeave();
    if (ownerGone && !locks()) startElection();
  });
}

/**
 * Without Web Locks two tabs can both have decided they own the work (each asked while the other
 * was still finding out): the later owner (then the larger id) gives way and becomes read-only, as
 * a tab opened second does; the earlier one answers so that the later one hears of it too.
 */
function twoOwners(other: string, since: number): void {
  const otherFirst = since < ownerSince || (since === ownerSince && other < tabId);
  if (!otherFirst) {
    post({ type: 'i-own', from: tabId, since: ownerSince });
    return;
  }
  useWorkLock.setState({ role: 'other-tab' });
  hooks?.lost();
}

let decided: ((owner: boolean) => void) | null = null;
function decide(role: 'owner' | 'other-tab'): void {
  if (useWorkLock.getState().role !== 'pending') return;
  if (role === 'owner') ownerSince = Date.now();
  useWorkLock.setState({ role });
  decided?.(role === 'owner');
  decided = null;
}

/** Holds the Web Lock until released or stolen; resolves true once held, false when another tab holds it (ifAvailable). */
function holdLock(options: LockOptions): Promise<boolean> {
  const lm = locks()!;
  return new Promise<boolean>((granted, failed) => {
    let held = false;
    lm.request(WORK_LOCK, options, (lock) => {
      if (!lock) {
        granted(false);
        return undefined;
      }
      held = true;
      granted(true);
      return new Promise<void>((r) => (release = r));
    }).catch((err: unknown) => {
      // the lock was stolen by a take-over (this request held it), or a request was aborted or
      // timed out before it was granted (nothing changes)
      if (held && useWorkLock.getState().role === 'owner') {
        release = null;
        useWorkLock.setState({ role: 'taken-over', inherited: null });
        hooks?.lost();
        waitForOwnerToLeave();
      }
      failed(err);
    });
  });
}

/**
 * Finds out at start whether this tab may save the work: with Web Locks (secure contexts:
 * localhost, https) the lock is taken if free; without them (plain http on an intranet address)
 * the tabs ask each other over a BroadcastChannel. Resolves true when this tab is the owner.
 * @param h - flush and stop-saving hooks of the saving code
 */
export async function claimWork(h: LockHooks): Promise<boolean> {
  hooks = h;
  openChannel();
  watchPage();
  if (locks()) {
    const got = await holdLock({ ifAvailable: true }).catch(() => false);
    decide(got ? 'owner' : 'other-tab');
    // read-only: the lock is asked for again, waiting; granted when the owner's page goes away
    if (!got) waitForOwnerToLeave();
    return got;
  }
  if (!channel) {
    decide('owner');
    return true;
  }
  const answer = new Promise<boolean>((ok) => (decided = ok));
  post({ type: 'who-owns' });
  // an owner answers within a task or two; without Web Locks there is no better way to know none exists
  const timer = setTimeout(() => decide('owner'), 400);
  const owner = await answer;
  clearTimeout(timer);
  // say so: a tab that decided the same at the same moment gives way (twoOwners)
  if (owner) post({ type: 'i-own', from: tabId, since: ownerSince });
  return owner;
}

/**
 * Takes the work over from the tab that owns it: that tab saves what it has and stops saving, then
 * this one becomes the owner (after 5 s without an answer the lock is taken anyway). Resolves
 * when this tab is the owner; the caller then reads the saved work again.
 */
export async function takeOverWork(): Promise<void> {
  if (useWorkLock.getState().role === 'owner') return;
  useWorkLock.setState({ takingOver: true });
  // this tab's own waiting request (the owner's page going away) gives way to the take-over's
  stopWaiting();
  try {
    openChannel();
    const answered = new Promise<void>((ok) => (onReleased = ok));
    if (locks()) {
      // asked before the owner is told to release, so the lock is queued for this tab first
      const held = holdLock({ signal: AbortSignal.timeout(5000) });
      post({ type: 'release', from: tabId });
      try {
        await held;
      } catch {
        await holdLock({ steal: true });
      }
    } else {
      post({ type: 'release', from: tabId });
      await Promise.race([answered, new Promise((ok) => setTimeout(ok, 5000))]);
    }
    onReleased = null;
    ownerSince = Date.now();
    ownerGone = false;
    useWorkLock.setState({ role: 'owner', inherited: null, ownerSilent: false });
    // the other read-only tabs queue for the lock again once they hear who owns it
    post({ type: 'i-own', from: tabId, since: ownerSince });
  } finally {
    useWorkLock.setState({ takingOver: false });
  }
}

/** Without Web Locks: how long a read-only tab waits for the owner's answer ({@link checkOwner}). */
export const OWNER_ANSWER_MS = 3000;
/** Called when any tab says it owns the work (`i-own`): the pending {@link checkOwner} questions. */
const ownerAnswered = new Set<() => void>();
let checking: Promise<boolean> | null = null;

/**
 * Without Web Locks a crashed owner says nothing (no heartbeat: see docs/trust.md), so a read-only
 * tab asks when the user acts in it (an edit, which is not saved here): `who-owns`, which a live
 * owner answers at once — a hidden tab too (messages are not throttled like its timers). No answer
 * within {@link OWNER_ANSWER_MS}: `ownerSilent` is set, and the banner and 在此页接管's question
 * say that the owner tab did not answer (closed unexpectedly, or asleep: a frozen tab does not
 * answer either, so it is not called dead). Any later `i-own` clears it. With Web Locks, or in the
 * owner, resolves true at once (the browser releases a dead page's lock: this tab inherits).
 * @returns whether an owner answered
 */
export function checkOwner(): Promise<boolean> {
  if (locks() || !channel || !readOnly()) return Promise.resolve(true);
  checking ??= new Promise<boolean>((ok) => {
    const done = (answered: boolean) => {
      clearTimeout(timer);
      ownerAnswered.delete(onAnswer);
      checking = null;
      if (readOnly()) useWorkLock.setState({ ownerSilent: !answered });
      ok(answered);
    };
    const onAnswer = () => done(true);
    const timer = setTimeout(() => done(false), OWNER_ANSWER_MS);
    ownerAnswered.add(onAnswer);
    post({ type: 'who-owns' });
  });
  return checking;
}
