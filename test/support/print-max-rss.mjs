// Preload for measured CLI runs (test/support/scale-region.ts): print the peak resident memory on exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `max-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
