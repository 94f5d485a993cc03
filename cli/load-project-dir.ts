import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadProject, type InputFile, type LoadProjectOptions } from '../layers/load/index.ts';
import type { Project, ValidationReport } from '../layers/types.ts';

/**
 * Read every file at the top of a project folder and load it with {@link loadProject}.
 * Throws only when the folder itself cannot be read; problems in files are in the report.
 * @param dir - the project folder (shared/DATA-CONTRACT.md)
 * @param opts - loader options (confirmed coordinate systems …); the folder name is the default project name
 * @returns the project and its validation report
 * @example const { project, report } = await loadProjectDir('data/demo');
 */
export async function loadProjectDir(dir: string, opts: LoadProjectOptions = {}): Promise<{ project: Project; report: ValidationReport }> {
  const abs = resolve(dir);
  let names: string[];
  try {
    names = readdirSync(abs);
  } catch (err) {
    throw new Error(`Cannot read project folder "${dir}": ${(err as Error).message}`);
  }
  const files: InputFile[] = [];
  for (const name of names.sort()) {
    const path = join(abs, name);
    if (!statSync(path).isFile()) continue;
    const buf = readFileSync(path);
    files.push({ name, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) });
  }
  return loadProject(files, { defaultName: basename(abs), ...opts });
}
