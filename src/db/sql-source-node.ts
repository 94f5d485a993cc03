import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'sql', 'indicators');

/** Read a file of sql/indicators/ from disk (Node: tests, CLI, benchmarks). Rejects paths. */
export function nodeSqlSource(file: string): string {
  if (!/^[a-z0-9-]+\.sql$/.test(file)) throw new Error(`not an indicator file name: ${file}`);
  return readFileSync(join(DIR, file), 'utf8');
}
