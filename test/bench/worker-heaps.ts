// JS heap of a page and each of its dedicated workers, over the Chrome DevTools Protocol: the page's
// own session auto-attaches to its workers (non-flattened sessions, messages through
// Target.sendMessageToTarget), and asks each `Runtime.getHeapUsage`. For benchmarks only.
import type { Page } from 'playwright-core';

export interface HeapUsage {
  /** The page, or the worker script's file name. */
  target: string;
  usedMb: number;
  totalMb: number;
}

interface CdpLike {
  send(method: string, params?: object): Promise<unknown>;
  on(event: string, handler: (e: never) => void): void;
  detach(): Promise<void>;
}

/** Heap usage (MB) of the page and of each worker it has now; `gc` collects garbage first (not in a measurement of what the browser holds by itself). */
export async function workerHeaps(page: Page, opts: { gc?: boolean } = {}): Promise<HeapUsage[]> {
  const cdp = (await page.context().newCDPSession(page)) as unknown as CdpLike;
  const targets = new Map<string, string>();
  const replies = new Map<number, (r: { result?: { usedSize: number; totalSize: number } }) => void>();
  let next = 1;
  cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { url: string } }) => void targets.set(e.sessionId, e.targetInfo.url.replace(/^.*\//, '')));
  cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: { usedSize: number; totalSize: number } };
    if (m.id !== undefined) replies.get(m.id)?.(m);
  });
  const ask = (sessionId: string, method: string) =>
    new Promise<{ result?: { usedSize: number; totalSize: number } }>((ok) => {
      const id = next++;
      replies.set(id, ok);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params: {} }) });
      setTimeout(() => ok({}), 10_000); // a worker that ended meanwhile never answers
    });
  const mb = (b: number) => b / 1048576;
  try {
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    if (opts.gc) await cdp.send('HeapProfiler.collectGarbage');
    const own = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    const out: HeapUsage[] = [{ target: 'page', usedMb: mb(own.usedSize), totalMb: mb(own.totalSize) }];
    for (const [sid, url] of targets) {
      if (opts.gc) await ask(sid, 'HeapProfiler.collectGarbage');
      const h = (await ask(sid, 'Runtime.getHeapUsage')).result;
      if (h) out.push({ target: url, usedMb: mb(h.usedSize), totalMb: mb(h.totalSize) });
    }
    return out;
  } finally {
    await cdp.detach();
  }
}
