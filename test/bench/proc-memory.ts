// Memory of a process tree from /proc (Linux): PSS and RSS of every descendant of a pid, read from
// /proc/<pid>/smaps_rollup. PSS shares each page among the processes that map it, so the sum over a
// tree is the memory the tree costs; the RSS sum counts shared pages once per process.
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcMemory {
  pid: number;
  /** Chromium's process type (`renderer`, `gpu-process`, `utility` …), `browser` without one, else the command name. */
  kind: string;
  pssKb: number;
  rssKb: number;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process ended between the listing and the read
  }
}

/** Parent pid of every process now running. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = readText(`/proc/${d}/stat`);
    if (!stat) continue;
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(d), Number(rest[1]));
  }
  return out;
}

/** Every descendant of `root` (not `root` itself). */
export function descendants(root: number): number[] {
  const ppid = parents();
  const children = new Map<number, number[]>();
  for (const [pid, parent] of ppid) {
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const out: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

/** PSS and RSS (kB) of one process from smaps_rollup, with its Chromium process type. */
export function procMemory(pid: number): ProcMemory | null {
  const rollup = readText(`/proc/${pid}/smaps_rollup`);
  if (!rollup) return null;
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
  const cmd = (readText(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ');
  const type = /--type=(\S+)/.exec(cmd)?.[1];
  const comm = (readText(`/proc/${pid}/comm`) ?? '').trim();
  const kind = type ?? (/chrom/i.test(comm) || /chrom/i.test(cmd.split(' ')[0]) ? 'browser' : comm);
  return { pid, kind, pssKb: kb('Pss'), rssKb: kb('Rss') };
}

/** The memory of every descendant of `root` whose command line matches `match` (default: all). */
export function treeMemory(root: number, match: RegExp = /./): { total: { pssKb: number; rssKb: number }; byKind: Record<string, { pssKb: number; rssKb: number; count: number }>; procs: ProcMemory[] } {
  const procs = descendants(root)
    .filter((p) => match.test((readText(`/proc/${p}/cmdline`) ?? '').replace(/\0/g, ' ')))
    .map(procMemory)
    .filter((m): m is ProcMemory => m !== null);
  const byKind: Record<string, { pssKb: number; rssKb: number; count: number }> = {};
  for (const m of procs) {
    const k = (byKind[m.kind] ??= { pssKb: 0, rssKb: 0, count: 0 });
    k.pssKb += m.pssKb;
    k.rssKb += m.rssKb;
    k.count++;
  }
  const total = procs.reduce((s, m) => ({ pssKb: s.pssKb + m.pssKb, rssKb: s.rssKb + m.rssKb }), { pssKb: 0, rssKb: 0 });
  return { total, byKind, procs };
}
