// Browser tests need Debian's Chromium (and CJK fonts); the print test turns PDF pages into images and
// text with poppler-utils (pdftoppm, pdftotext). Install what is missing (as root), or fail with the one command to run.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const missing = [];
if (!existsSync(path)) missing.push('chromium', 'fonts-noto-cjk');
if (!existsSync('/usr/bin/pdftoppm') || !existsSync('/usr/bin/pdftotext')) missing.push('poppler-utils');
if (missing.length) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Missing ${missing.join(', ')}. Run: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing Debian ${missing.join(', ')} (apt-get) …`);
  execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`, { stdio: 'inherit' });
  if (!existsSync(path)) {
    console.error(`Chromium still missing at ${path} after apt-get install.`);
    process.exit(1);
  }
  if (!existsSync('/usr/bin/pdftoppm')) {
    console.error('pdftoppm still missing after apt-get install poppler-utils.');
    process.exit(1);
  }
}
