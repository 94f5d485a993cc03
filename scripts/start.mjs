// `npm start`: build the app if needed, serve it on localhost with its CSP, print the URL, open a browser when there is a display.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { buildIfStale } from './build.mjs';
import { serveDist } from './serve.mjs';

const ROOT = resolve(import.meta.dirname, '..');
if (!existsSync(resolve(ROOT, 'node_modules', 'vite'))) {
  console.error('Dependencies are missing. Run: npm install && npm start');
  process.exit(1);
}

buildIfStale();
const wanted = Number(process.env.PORT ?? 5173);
let server;
for (let port = wanted; port < wanted + 20; port++) {
  try {
    server = await serveDist(resolve(ROOT, 'dist'), port);
    break;
  } catch (e) {
    if (e.code !== 'EADDRINUSE') throw e;
  }
}
if (!server) server = await serveDist(resolve(ROOT, 'dist'), 0);

console.log('\n  县域公共设施覆盖分析 · Coverage Planner');
console.log(`  演示县 / Demo county:  ${server.url}`);
console.log('  离线运行，不访问外网 / Runs offline, no internet needed.  Ctrl+C 退出 / to stop.\n');

if (!process.env.NO_OPEN && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.platform !== 'linux')) {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    spawn(cmd, [server.url], { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
  } catch {
    /* no browser launcher: the URL above is enough */
  }
}

const stop = () => server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
