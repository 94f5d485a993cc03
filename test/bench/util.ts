import { mkdirSync, writeFileSync } from 'node:fs';

/** Run `fn` `runs` times (after one warm-up) and return the median wall time in ms. */
export async function medianMs(fn: () => unknown | Promise<unknown>, runs = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Sample heap + external + array buffers every 5 ms while `fn` runs; returns peak MB above the start. */
export async function peakMemoryMb<T>(fn: () => T | Promise<T>): Promise<{ result: T; peakMb: number; ms: number }> {
  const g = globalThis as { gc?: () => void };
  g.gc?.();
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external + m.arrayBuffers;
  };
  const base = used();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, used());
  }, 5);
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, used());
  return { result, peakMb: (peak - base) / 1048576, ms };
}

export interface BenchRow {
  name: string;
  ms: number;
  peakMb?: number;
  baselineMs?: number;
  baselineNote?: string;
  note?: string;
}

/** Print rows as a table and save them to out/bench/<suite>.json. */
export function report(suite: string, rows: BenchRow[]): void {
  console.log(`\n## ${suite}`);
  for (const r of rows) {
    const ratio = r.baselineMs ? `  ×${(r.baselineMs / r.ms).toFixed(1)} vs baseline ${r.baselineMs.toFixed(1)} ms${r.baselineNote ? ` (${r.baselineNote})` : ''}` : '';
    const mem = r.peakMb !== undefined ? `  peak +${r.peakMb.toFixed(0)} MB` : '';
    console.log(`- ${r.name}: ${r.ms.toFixed(1)} ms${mem}${ratio}${r.note ? `  — ${r.note}` : ''}`);
  }
  mkdirSync('out/bench', { recursive: true });
  writeFileSync(`out/bench/${suite}.json`, JSON.stringify(rows, null, 2));
}

/** Deterministic PRNG (mulberry32): the same seed gives the same sequence in every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
