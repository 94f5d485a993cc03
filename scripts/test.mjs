// `npm test`: the type check (tsc) and the tests (vitest) side by side. Each alone leaves a core
// idle at times (tsc is one thread; vitest starts with a build and a browser launch), so running
// them together saves about the type check's wall time. The run fails when either fails; a type
// error stops the tests at once and is printed.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const bin = (name) => resolve(ROOT, 'node_modules', '.bin', name);

const tsc = spawn(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
let tscOut = '';
tsc.stdout.on('data', (d) => (tscOut += d));
tsc.stderr.on('data', (d) => (tscOut += d));
const vitest = spawn(bin('vitest'), ['run', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });

const exited = (p) => new Promise((r) => p.on('exit', (code, signal) => r(code ?? (signal ? 1 : 0))));
const tscDone = exited(tsc).then((code) => {
  if (code !== 0) {
    process.stderr.write(tscOut);
    console.error(`\ntsc --noEmit failed (exit ${code}): the type errors above. Stopping the tests.`);
    vitest.kill('SIGTERM');
  } else {
    console.log('tsc --noEmit: no type errors');
  }
  return code;
});
const [tscCode, vitestCode] = await Promise.all([tscDone, exited(vitest)]);
process.exit(tscCode !== 0 ? tscCode : vitestCode);
