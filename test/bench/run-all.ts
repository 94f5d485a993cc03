// `npm run bench`: run every test/bench/*.bench.ts in its own Node process (so peak memory is its own).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=16384', '--import', 'tsx', join(dir, f)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
if (failed) {
  console.error(`${failed} benchmark file(s) failed`);
  process.exit(1);
}
