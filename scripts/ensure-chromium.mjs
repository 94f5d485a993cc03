// Browser tests need Debian's Chromium. Install it when missing (as root), or fail with the one command to run.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(path)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Chromium not found at ${path}. Run: sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk`);
    process.exit(1);
  }
  console.log('Chromium not found: installing Debian chromium (apt-get) …');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk', { stdio: 'inherit' });
  if (!existsSync(path)) {
    console.error(`Chromium still missing at ${path} after apt-get install.`);
    process.exit(1);
  }
}
