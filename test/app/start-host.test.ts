import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
let child: ChildProcess | null = null;

/** Runs `npm start` (node scripts/start.mjs) with these arguments and resolves the printed URL's port. */
function start(args: string[]): Promise<{ url: string; port: number }> {
  child = spawn(process.execPath, [resolve(ROOT, 'scripts/start.mjs'), ...args], { cwd: ROOT, env: { ...process.env, NO_OPEN: '1', PORT: '0', HOST: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((ok, fail) => {
    let out = '';
    child!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Demo county:\s+(http:\/\/\S+:(\d+)\/)/.exec(out);
      if (m) ok({ url: m[1], port: Number(m[2]) });
    });
    child!.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child!.on('exit', (code) => fail(new Error(`start exited (${code}): ${out}`)));
  });
}

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

afterEach(() => {
  child?.kill();
  child = null;
});

describe('npm start listens on loopback unless --host asks for another address', () => {
  test('default: 127.0.0.1 only', async () => {
    const { url, port } = await start([]);
    expect(url).toBe(`http://localhost:${port}/`);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    // another address of this machine (the loopback net) is not listened on
    expect(await reachable(`http://127.0.0.2:${port}/`)).toBe(false);
  }, 180_000);

  test('--host <addr>: that address, not loopback', async () => {
    const { url, port } = await start(['--host', '127.0.0.2']);
    expect(url).toBe(`http://127.0.0.2:${port}/`);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('http-equiv="Content-Security-Policy"');
    expect(await reachable(`http://127.0.0.1:${port}/`)).toBe(false);
  }, 180_000);

  test('--host alone: every interface', async () => {
    const { port } = await start(['--host']);
    expect(await reachable(`http://127.0.0.1:${port}/`)).toBe(true);
    expect(await reachable(`http://127.0.0.2:${port}/`)).toBe(true);
  }, 180_000);
});
