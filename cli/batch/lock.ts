import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Locks in a batch's --out, so two processes never write one county or the province table at
 * once (two colleagues, a rerun while the first still runs, a scheduler's retry):
 *
 * - `<out>/.batch.lock`: the whole-province batch (`batch --jobs N`) and `batch-table`, which write
 *   the province table;
 * - `<out>/<county>/.county.lock`: whoever runs that county — the batch, for each county process it
 *   starts, or a scheduler task (`batch --index i` / `--only`), which takes only this one, so the
 *   tasks of an Indexed Job or array run side by side.
 *
 * A lock file holds pid, host, start time and command, and is rewritten (same bytes) every
 * {@link HEARTBEAT_S} s by a worker thread, so its modification time says the holder is alive even
 * while the main thread computes for minutes. A lock is stale — and taken over, with a line on stderr
 * — when its holder's pid is gone on this host, or when it has not been rewritten for
 * {@link STALE_AFTER_S} s (a holder on another machine or container that died: a crashed pod, a
 * node lost). Its age is measured against a file written beside it, i.e. by the clock of the file
 * system that holds both (NFS: the server), not this machine's. `--force-unlock` removes any lock.
 */
export const BATCH_LOCK = '.batch.lock';
export const COUNTY_LOCK = '.county.lock';
export const HEARTBEAT_S = 15;
export const STALE_AFTER_S = 120;

/** What a lock file says about its holder. */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

/** The lock could not be taken: another live process holds it. */
export class LockedError extends Error {
  constructor(
    readonly holder: LockHolder | null,
    message: string,
  ) {
    super(message);
    this.name = 'LockedError';
  }
}

/** A lock held by this process; `release()` stops its heartbeat and removes it (if still ours). */
export interface HeldLock {
  path: string;
  release(): void;
}

function readHolder(path: string): { text: string; holder: LockHolder | null; mtimeMs: number } | null {
  try {
    const mtimeMs = statSync(path).mtimeMs;
    const text = readFileSync(path, 'utf8');
    let holder: LockHolder | null = null;
    try {
      const j = JSON.parse(text) as LockHolder;
      if (j && Number.isInteger(j.pid) && typeof j.host === 'string') holder = j;
    } catch {
      // being rewritten, or not ours: judged by its age alone
    }
    return { text, holder, mtimeMs };
  } catch {
    return null; // gone meanwhile
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Seconds since the lock file was last written, by the clock of the file system holding it. */
function ageSeconds(path: string, mtimeMs: number): number {
  const probe = `${path}.clock-${process.pid}`;
  try {
    writeFileSync(probe, '');
    const now = statSync(probe).mtimeMs;
    return (now - mtimeMs) / 1000;
  } catch {
    return (Date.now() - mtimeMs) / 1000;
  } finally {
    try {
      unlinkSync(probe);
    } catch {
      // not written
    }
  }
}

/** Why a lock is stale, or null when its holder may be alive. */
export function staleWhy(path: string, held: { holder: LockHolder | null; mtimeMs: number }): string | null {
  const h = held.holder;
  if (h && h.host === hostname() && !pidAlive(h.pid)) return `process ${h.pid} is gone`;
  const age = ageSeconds(path, held.mtimeMs);
  if (age > STALE_AFTER_S) return `not renewed for ${Math.round(age)} s (its holder renews it every ${HEARTBEAT_S} s)`;
  return null;
}

const describe = (h: LockHolder | null) => (h ? `pid ${h.pid} @ ${h.host}, started ${h.startedAt}` : 'an unreadable lock');

/** Move a lock file away, if it still holds `text`; true when it was removed. */
function breakLock(path: string, text: string): boolean {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return true; // gone meanwhile (another process broke it first): try to take it
  }
  if (readFileSync(aside, 'utf8') === text) {
    unlinkSync(aside);
    return true;
  }
  // another process took it between our read and the rename: put its lock back
  try {
    linkSync(aside, path);
  } catch {
    // a third one holds it now; theirs stays
  }
  unlinkSync(aside);
  return false;
}

/**
 * Take the lock at `path` or throw {@link LockedError} (Chinese, then English) naming the holder.
 * @param what - what is locked, for the messages (`--out “…”`, `县 county-07`)
 * @param forceUnlock - remove any existing lock first (`--force-unlock`: the user knows its holder is gone)
 */
export function takeLock(path: string, what: { zh: string; en: string }, command: string, forceUnlock: boolean): HeldLock {
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  const text = `${JSON.stringify(me, null, 2)}\n`;
  let last: LockHolder | null = null;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      writeFileSync(path, text, { flag: 'wx' });
      return hold(path, text);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const held = readHolder(path);
    if (!held) continue;
    last = held.holder;
    const why = forceUnlock ? '--force-unlock' : staleWhy(path, held);
    if (why === null) break;
    if (breakLock(path, held.text)) console.error(`batch: removed the lock of ${what.en} held by ${describe(held.holder)}: ${why}`);
  }
  const h = last;
  throw new LockedError(
    h,
    `batch：${what.zh}正由另一个进程计算（${h ? `进程 ${h.pid}，主机 ${h.host}，开始于 ${h.startedAt}` : '锁文件无法读取'}；锁文件 ${path}）。两个进程同时写同一输出会交错写坏结果，本次未运行。请等待其结束；若确认该进程已不在运行（如所在机器已关机），加 --force-unlock 重新运行。\n` +
      `batch: ${what.en} is being computed by another process (${h ? `pid ${h.pid} on host ${h.host}, started ${h.startedAt}` : 'the lock file cannot be read'}; lock file ${path}). Two processes writing one output would interleave their writes; nothing was run. Wait for it to finish; if you are sure it no longer runs (its machine is off, say), run again with --force-unlock.`,
  );
}

/** Renew the lock file from a worker thread (alive while the main thread computes) until released. */
function hold(path: string, text: string): HeldLock {
  const worker = new Worker(
    `const { workerData: w } = require('node:worker_threads'); const fs = require('node:fs');
     setInterval(() => { try { const fd = fs.openSync(w.path, 'r+'); fs.writeSync(fd, w.text, 0, 'utf8'); fs.closeSync(fd); } catch {} }, w.ms);`,
    { eval: true, execArgv: [], workerData: { path, text, ms: HEARTBEAT_S * 1000 } },
  );
  worker.unref();
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      void worker.terminate();
      try {
        if (readFileSync(path, 'utf8') === text) unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}

/** The holder of a lock file, when it is there and readable. */
export function lockHolder(path: string): LockHolder | null {
  return readHolder(path)?.holder ?? null;
}
