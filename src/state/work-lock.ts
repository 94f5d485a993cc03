import { create } from 'zustand';

/** Name of the Web Lock and the BroadcastChannel by which tabs of this app agree on who saves. */
export const WORK_LOCK = 'coverage-planner/v1/work';

/**
 * This tab's claim on the saved work: 'pending' while finding out; 'owner' = this tab saves;
 * 'other-tab' = another tab owned it when this one opened; 'taken-over' = another tab took it from
 * this one. Only the owner writes, so two tabs never overwrite each other's work.
 */
export type WorkRole = 'pending' | 'owner' | 'other-tab' | 'taken-over';

/** This tab's role, and whether a take-over it asked for is under way. */
export const useWorkLock = create<{ role: WorkRole; takingOver: boolean }>()(() => ({ role: 'pending', takingOver: false }));

/**
 * `i-own` carries the owner's id and when it became the owner (`since`, ms), so that two tabs that
 * both found no owner — opened at the same moment, e.g. a browser restoring its tabs — can tell
 * which keeps the work: the earlier (then the smaller id); the other becomes read-only.
 */
type Message = { type: 'who-owns' } | { type: 'i-own'; from?: string; since?: number } | { type: 'release'; from: string } | { type: 'released'; to: string };

/** What the lock asks of the saving code. */
export interface LockHooks {
  /** Save what this tab has not saved yet (called before it gives the work away). */
  flush(): Promise<void>;
  /** This tab lost the work (another tab took it over): stop saving. */
  lost(): void;
}

const tabId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
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
}

function openChannel(): void {
  if (channel || typeof BroadcastChannel === 'undefined') return;
  channel = new BroadcastChannel(WORK_LOCK);
  channel.onmessage = (e: MessageEvent<Message>) => {
    const m = e.data;
    const role = useWorkLock.getState().role;
    if (m.type === 'who-owns' && role === 'owner') post({ type: 'i-own', from: tabId, since: ownerSince });
    else if (m.type === 'i-own' && role === 'pending' && !locks()) decide('other-tab');
    else if (m.type === 'i-own' && role === 'owner' && !locks() && m.from && m.from !== tabId) twoOwners(m.from, m.since ?? 0);
    else if (m.type === 'release' && m.from !== tabId) void giveAway(m.from);
    else if (m.type === 'released' && m.to === tabId) onReleased?.();
  };
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
    lm.request(WORK_LOCK, options, (lock) => {
      if (!lock) {
        granted(false);
        return undefined;
      }
      granted(true);
      return new Promise<void>((r) => (release = r));
    }).catch((err: unknown) => {
      // the lock was stolen by a take-over, or a request timed out before it was granted
      if (useWorkLock.getState().role === 'owner') {
        release = null;
        useWorkLock.setState({ role: 'taken-over' });
        hooks?.lost();
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
  if (locks()) {
    const got = await holdLock({ ifAvailable: true }).catch(() => false);
    decide(got ? 'owner' : 'other-tab');
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
  try {
    openChannel();
    const answered = new Promise<void>((ok) => (onReleased = ok));
    post({ type: 'release', from: tabId });
    if (locks()) {
      try {
        await holdLock({ signal: AbortSignal.timeout(5000) });
      } catch {
        await holdLock({ steal: true });
      }
    } else {
      await Promise.race([answered, new Promise((ok) => setTimeout(ok, 5000))]);
    }
    onReleased = null;
    ownerSince = Date.now();
    useWorkLock.setState({ role: 'owner' });
  } finally {
    useWorkLock.setState({ takingOver: false });
  }
}
