import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LAYER_LIST } from '../layers/index.ts';

/**
 * What a command writes into `--out`:
 * - `analysis`: the fixed set of file names it may write (`names`); rerunning it into the folder it
 *   wrote before is the normal case and needs no `--force`;
 * - `project`: a whole project folder (import-osm); any existing non-empty folder needs `--force`.
 */
export type OutputKind = { kind: 'analysis'; names: readonly string[] } | { kind: 'project' } | BatchOutput;

/**
 * - `batch`: a province batch's folder: one sub-folder per county (any name) and the files in
 *   `names` (the province table); any other file, or a project folder, needs `--force`.
 */
export type BatchOutput = { kind: 'batch'; names: readonly string[] };

/** File names that make a folder a project folder: project.json and every layer file. */
export function projectFileNames(): Set<string> {
  const names = new Set(['project.json']);
  for (const d of LAYER_LIST) {
    names.add(`${d.file}.geojson`);
    if (d.csv) names.add(`${d.file}.csv`);
  }
  return names;
}

/** An error for the user, in Chinese then English; the CLI prints it and exits with code 1. */
export class OutDirRefused extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh}\n${en}`);
    this.name = 'OutDirRefused';
  }
}

const isFolder = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

const list = (names: string[]) => names.slice(0, 5).join(', ') + (names.length > 5 ? ` … (+${names.length - 5})` : '');

/**
 * Check `--out` before a command runs (so a long analysis is not computed only to be refused), and
 * leave a missing one to the writer (created with the first output file). Without `force` it refuses:
 * - a path that exists and is not a folder;
 * - for an analysis: a project folder (project.json or a layer file in it), or a folder holding any
 *   file that is not one of this command's outputs (another command's results, the user's files);
 * - for a project import: any folder that exists and is not empty.
 * Entries whose names start with '.' (hidden files, the writer's `.name.partial` files) are ignored.
 *
 * @param command - the command name, for the message
 * @param out - the `--out` folder
 * @param output - what the command writes
 * @param force - `--force` was given
 * @throws {@link OutDirRefused} naming the folder, the files in the way and `--force`
 */
export function prepareOutDir(command: string, out: string, output: OutputKind, force: boolean): void {
  let isDir: boolean;
  try {
    isDir = statSync(out).isDirectory();
  } catch {
    // missing: the writer creates it with the first output, so a command refused later (a bad parameter) leaves nothing behind
    return;
  }
  if (!isDir) {
    throw new OutDirRefused(`${command}：--out “${out}”是一个文件，不是文件夹；请指定一个文件夹。`, `${command}: --out "${out}" is a file, not a folder; give a folder.`);
  }
  if (force) return;
  const entries = readdirSync(out).filter((n) => !n.startsWith('.'));
  if (entries.length === 0) return;
  if (output.kind === 'project') {
    throw new OutDirRefused(
      `${command}：文件夹“${out}”已存在且不为空（${entries.length} 项：${list(entries)}），导入会覆盖其中的文件。请换一个不存在的 --out 文件夹；确要覆盖请加 --force。`,
      `${command}: the folder "${out}" already exists and is not empty (${entries.length} entries: ${list(entries)}); importing would overwrite its files. Choose a new --out folder, or add --force to overwrite.`,
    );
  }
  const projectFiles = projectFileNames();
  const layerFiles = entries.filter((n) => projectFiles.has(n));
  if (layerFiles.length > 0) {
    throw new OutDirRefused(
      `${command}：--out “${out}”是一个项目文件夹（含 ${list(layerFiles)}），不能把分析结果写入其中。请换一个 --out 文件夹；确要写入请加 --force。`,
      `${command}: --out "${out}" is a project folder (it holds ${list(layerFiles)}); analysis results are not written into it. Choose another --out folder, or add --force to write anyway.`,
    );
  }
  const own = new Set(output.names);
  const foreign = entries.filter((n) => !own.has(n) && !(output.kind === 'batch' && isFolder(join(out, n))));
  if (foreign.length > 0) {
    throw new OutDirRefused(
      `${command}：--out “${out}”中有不是本命令写出的文件（${list(foreign)}），写入可能覆盖或混淆它们。请换一个 --out 文件夹；确要写入请加 --force。`,
      `${command}: --out "${out}" holds files this command did not write (${list(foreign)}); writing there could overwrite or mix with them. Choose another --out folder, or add --force to write anyway.`,
    );
  }
}
