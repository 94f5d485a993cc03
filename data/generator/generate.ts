import { closeSync, mkdirSync, openSync, writeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HOUSEHOLDS, DEFAULT_SEED, DEMO_FILES, writeCounty } from './county.ts';

const USAGE = 'Usage: npm run generate-demo -- [--out DIR (data/demo)] [--scale HOUSEHOLDS (200000)] [--seed N (130634)]';

function parse(argv: string[]): { out: string; households: number; seed: number } {
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--(out|scale|seed)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`Unexpected argument "${a}".\n${USAGE}`);
    const v = m[2] ?? argv[++i];
    if (v === undefined) throw new Error(`--${m[1]} needs a value.\n${USAGE}`);
    opts[m[1]] = v;
  }
  const households = opts.scale === undefined ? DEFAULT_HOUSEHOLDS : Number(opts.scale);
  const seed = opts.seed === undefined ? DEFAULT_SEED : Number(opts.seed);
  if (!Number.isInteger(households) || households < 1000) throw new Error(`--scale must be an integer ≥ 1000.\n${USAGE}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer.\n${USAGE}`);
  return { out: opts.out ?? 'data/demo', households, seed };
}

function main(): void {
  const { out, households, seed } = parse(process.argv.slice(2));
  mkdirSync(out, { recursive: true });
  const t0 = performance.now();
  let current = '';
  let fd = -1;
  writeCounty({ households, seed }, (file, chunk) => {
    if (file !== current) {
      if (fd >= 0) closeSync(fd);
      fd = openSync(join(out, file), 'w');
      current = file;
    }
    writeSync(fd, chunk);
  });
  if (fd >= 0) closeSync(fd);
  let total = 0;
  for (const f of DEMO_FILES) {
    const size = statSync(join(out, f)).size;
    total += size;
    console.log(`${f.padEnd(32)} ${(size / 1048576).toFixed(2).padStart(8)} MB`);
  }
  console.log(`${'total'.padEnd(32)} ${(total / 1048576).toFixed(2).padStart(8)} MB  (${households} households, seed ${seed}, ${((performance.now() - t0) / 1000).toFixed(1)} s) → ${out}`);
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
