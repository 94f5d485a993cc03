// `npm start`: build the app if needed, serve it on localhost with its CSP, print the URL, open a browser when there is a display.
// `npm start -- --host 192.168.1.20` listens on that intranet address; `--host` alone on every interface.
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { buildIfStale } from './build.mjs';
import { serveDist } from './serve.mjs';

const ROOT = resolve(import.meta.dirname, '..');
if (!existsSync(resolve(ROOT, 'node_modules', 'vite'))) {
  console.error('Dependencies are missing. Run: npm install && npm start');
  process.exit(1);
}

/** The address to listen on: loopback unless `--host [addr]` (or `--host=addr`, or HOST=addr) asks otherwise. */
function hostArg(argv) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--host=')) return a.slice(7) || '0.0.0.0';
    if (a === '--host') return argv[i + 1] && !argv[i + 1].startsWith('-') ? argv[i + 1] : '0.0.0.0';
  }
  return process.env.HOST || '127.0.0.1';
}
const host = hostArg(process.argv.slice(2));

buildIfStale();
const wanted = Number(process.env.PORT ?? 5173);
let server;
for (let port = wanted; port < wanted + 20; port++) {
  try {
    server = await serveDist(resolve(ROOT, 'dist'), port, host);
    break;
  } catch (e) {
    if (e.code === 'EADDRNOTAVAIL') {
      console.error(`${host} 不是本机的地址 / is not an address of this machine. 可用 / Available: ${addresses().join(', ')}`);
      process.exit(1);
    }
    if (e.code !== 'EADDRINUSE') throw e;
  }
}
if (!server) server = await serveDist(resolve(ROOT, 'dist'), 0, host);

/** This machine's IPv4 addresses other than loopback. */
function addresses() {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

console.log('\n  县域公共设施覆盖分析 · Coverage Planner');
console.log(`  演示县 / Demo county:  ${server.url}`);
if (host === '0.0.0.0' || host === '::') {
  for (const a of addresses()) console.log(`  内网 / Intranet:       http://${a}:${server.port}/`);
}
if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
  console.log('  注意：内网中的其他电脑可以访问本页面 / Other computers on the network can open this page.');
}
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
