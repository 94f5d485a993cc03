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

type Message = { type: 'who-owns' } | { type: 'i-own' } | { type: 'release'; from: string } | { type: 'released'; to: string };

/** What the lock asks of the saving code. */
export interface LockHooks {
  /** Save what this tab has not saved yet (called before it gives the work away). */
  flush(): Promise<void>;
  /** This tab lost the work (another tab took it over): stop saving. */
  lost(): void;
}

const tabId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
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
    if (m.type === 'who-owns' && role === 'owner') post({ type: 'i-own' });
    else if (m.type === 'i-own' && role === 'pending' && !locks()) decide('other-tab');
    else if (m.type === 'release' && m.from !== tabId) void giveAway(m.from);
    else if (m.type === 'released' && m.to === tabId) onReleased?.();
  };
}

let decided: ((owner: boolean) => void) | null = null;
function decide(role: 'owner' | 'other-tab'): void {
  if (useWorkLock.getState().role !== 'pending') return;
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
    useWorkLock.setState({ role: 'owner' });
  } finally {
    useWorkLock.setState({ takingOver: false });
  }
}
