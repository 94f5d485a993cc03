import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isOsmPbfName, loadProject, matchLayerFile, type InputFile, type LoadProjectOptions } from '../layers/load/index.ts';
import type { I18nText, Project, ValidationIssue, ValidationReport } from '../layers/types.ts';

/** The file-system calls {@link loadProjectDir} makes (Node's by default; a test may wrap them). */
export interface ProjectDirFs {
  readdir: (path: string) => string[];
  /** Follows symbolic links, like `fs.statSync`. */
  stat: (path: string) => Stats;
  readFile: (path: string) => Uint8Array;
}

/**
 * The byte paths of entries whose names are not UTF-8 (GBK names left by unzipping a Windows zip
 * on Linux), by the path made of the name as shown: Node would turn their bytes into U+FFFD and then
 * not find them ("a link to a file that does not exist").
 */
const rawPaths = new Map<string, Buffer>();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030');

/** A folder entry's name as shown: UTF-8 when it is, else GB18030 (GBK). */
function entryName(raw: Buffer): string {
  try {
    return strictUtf8.decode(raw);
  } catch {
    return gb18030.decode(raw);
  }
}

const NODE_FS: ProjectDirFs = {
  readdir: (p) =>
    readdirSync(p, { encoding: 'buffer' }).map((raw) => {
      const name = entryName(raw);
      if (name !== raw.toString('utf8')) rawPaths.set(join(p, name), Buffer.concat([Buffer.from(join(p, '/')), raw]));
      return name;
    }),
  stat: (p) => statSync(rawPaths.get(p) ?? p),
  readFile: (p) => {
    const buf = readFileSync(rawPaths.get(p) ?? p);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  },
};

/** True for the names the loader reads: project.json, a contract layer file, an OSM extract. */
function isProjectFile(name: string): boolean {
  return name.toLowerCase() === 'project.json' || matchLayerFile(name) !== null || isOsmPbfName(name);
}

/** Why an entry of the folder could not be read, from its error code or its kind. */
function problem(err: unknown): I18nText {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') {
    return { zh: '这是一个链接，但它指向的文件不存在（可能已被移动或删除），未读取。', en: 'This is a link to a file that does not exist (it may have been moved or deleted); not read.' };
  }
  if (code === 'ELOOP') {
    return { zh: '这是循环的符号链接（链接最终指回自己），未读取。', en: 'This is a symbolic link loop (the link ends up pointing to itself); not read.' };
  }
  if (code === 'EACCES' || code === 'EPERM') return { zh: '没有读取该文件的权限，未读取。', en: 'Permission to read this file was denied; not read.' };
  const detail = err instanceof Error ? err.message : String(err);
  return { zh: `无法读取该文件（${detail}），未读取。`, en: `The file could not be read (${detail}); not read.` };
}

/**
 * Why a path given on the command line cannot be read, zh then en on two lines, from its error
 * code (the system message is kept for the codes not named here).
 * @example cannotRead('项目文件夹', 'project folder', 'data/x', enoent) // '无法读取项目文件夹“data/x”：不存在。\nCannot read project folder "data/x": it does not exist.'
 */
export function cannotRead(whatZh: string, whatEn: string, path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const why: I18nText =
    code === 'ENOENT'
      ? { zh: '不存在', en: 'it does not exist' }
      : code === 'ENOTDIR'
        ? { zh: '它（或路径中的某一级）是文件，不是文件夹', en: 'it (or a folder on its path) is a file, not a folder' }
        : code === 'EISDIR'
          ? { zh: '这是文件夹，不是文件', en: 'it is a folder, not a file' }
          : code === 'EACCES' || code === 'EPERM'
            ? { zh: '没有读取权限', en: 'permission denied' }
            : { zh: err instanceof Error ? err.message : String(err), en: err instanceof Error ? err.message : String(err) };
  return `无法读取${whatZh}“${path}”：${why.zh}。\nCannot read ${whatEn} "${path}": ${why.en}.`;
}

const NOT_A_FILE: Record<'directory' | 'special', I18nText> = {
  directory: { zh: '这里应是一个文件，但它是一个文件夹，未读取。', en: 'This should be a file but is a folder; not read.' },
  special: {
    zh: '这不是普通文件（是管道、套接字或设备），未读取，以免程序一直等待。',
    en: 'This is not a regular file (it is a pipe, socket or device); not read, so the program does not wait on it forever.',
  },
};

/**
 * Read every file at the top of a project folder and load it with {@link loadProject}.
 * Throws only when the folder itself cannot be read; problems in files are in the report, and so
 * is every entry that cannot be read as a file (a dangling or looping link, a folder or pipe named
 * like a layer file, a read error): each is reported with its name and the other layers still load.
 * @param dir - the project folder (shared/DATA-CONTRACT.md)
 * @param opts - loader options (confirmed coordinate systems …); the folder name is the default project name
 * @param fs - the file-system calls (Node's by default)
 * @returns the project and its validation report
 * @example const { project, report } = await loadProjectDir('data/demo');
 */
export async function loadProjectDir(dir: string, opts: LoadProjectOptions = {}, fs: ProjectDirFs = NODE_FS): Promise<{ project: Project; report: ValidationReport }> {
  const abs = resolve(dir);
  let names: string[];
  try {
    names = fs.readdir(abs);
  } catch (err) {
    throw new Error(cannotRead('项目文件夹', 'project folder', dir, err));
  }
  const files: InputFile[] = [];
  const problems: ValidationIssue[] = [];
  const report = (name: string, message: I18nText): void => {
    problems.push({ severity: isProjectFile(name) ? 'error' : 'warning', code: 'unreadable', file: name, message });
  };
  for (const name of names.sort()) {
    const path = join(abs, name);
    let st: Stats;
    try {
      st = fs.stat(path);
    } catch (err) {
      report(name, problem(err));
      continue;
    }
    if (st.isDirectory()) {
      // Sub-folders (out/, .git/) are not part of a project; one named like a layer file is reported.
      if (isProjectFile(name)) report(name, NOT_A_FILE.directory);
      continue;
    }
    if (!st.isFile()) {
      // Never opened: reading a FIFO blocks until something writes to it.
      report(name, NOT_A_FILE.special);
      continue;
    }
    try {
      files.push({ name, bytes: fs.readFile(path) });
    } catch (err) {
      report(name, problem(err));
    }
  }
  const loaded = loadProject(files, { defaultName: basename(abs), ...opts });
  if (problems.length) loaded.report.issues = [...problems, ...loaded.report.issues];
  return loaded;
}
