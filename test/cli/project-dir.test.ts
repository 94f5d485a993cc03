import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadProjectDir, type ProjectDirFs } from '../../cli/load-project-dir.ts';
import { formatIssue } from '../../layers/load/index.ts';
import type { GeoJsonLayerData } from '../../layers/types.ts';

const HYDRANTS = join(import.meta.dirname, '../fixtures/trust/nan-in-strings.geojson');
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A project folder holding a good hydrants.geojson and a project.json. */
function createProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cp-dir-'));
  dirs.push(dir);
  copyFileSync(HYDRANTS, join(dir, 'hydrants.geojson'));
  writeFileSync(join(dir, 'project.json'), '{"name": "文件夹测试"}');
  return dir;
}

function lines(issues: { file: string }[], lang: 'zh' | 'en', file: string): string[] {
  return issues.filter((i) => i.file === file).map((i) => formatIssue(i as never, lang));
}

function expectOthersLoad(r: Awaited<ReturnType<typeof loadProjectDir>>): void {
  expect(r.project.name).toBe('文件夹测试');
  expect((r.project.layers.hydrants as GeoJsonLayerData).data.features.map((f) => f.properties.id)).toEqual(['H1', 'H3']);
  expect(r.report.counts.hydrants).toEqual({ read: 3, loaded: 2, rejected: 1, unlocated: 0 });
}

describe('file-system surprises in a project folder', () => {
  test('symlink loop (fire_stations.geojson ↔ loop.geojson) → error on fire_stations.geojson; the other layers load', async () => {
    const dir = createProject();
    symlinkSync('loop.geojson', join(dir, 'fire_stations.geojson'));
    symlinkSync('fire_stations.geojson', join(dir, 'loop.geojson'));
    const r = await loadProjectDir(dir);
    expect(lines(r.report.issues, 'zh', 'fire_stations.geojson')).toEqual(['文件 fire_stations.geojson：这是循环的符号链接（链接最终指回自己），未读取。']);
    expect(lines(r.report.issues, 'en', 'fire_stations.geojson')).toEqual(['File fire_stations.geojson: This is a symbolic link loop (the link ends up pointing to itself); not read.']);
    expect(r.report.issues.find((i) => i.file === 'fire_stations.geojson')?.severity).toBe('error');
    // A loop with a name outside the contract is only a warning.
    expect(r.report.issues.find((i) => i.file === 'loop.geojson')).toMatchObject({ severity: 'warning', code: 'unreadable' });
    expectOthersLoad(r);
  });

  test('dangling link kindergartens.geojson → error naming it; a working link to a layer file still loads', async () => {
    const dir = createProject();
    symlinkSync(join(dir, 'gone.geojson'), join(dir, 'kindergartens.geojson'));
    const r = await loadProjectDir(dir);
    expect(lines(r.report.issues, 'zh', 'kindergartens.geojson')).toEqual(['文件 kindergartens.geojson：这是一个链接，但它指向的文件不存在（可能已被移动或删除），未读取。']);
    expect(lines(r.report.issues, 'en', 'kindergartens.geojson')).toEqual([
      'File kindergartens.geojson: This is a link to a file that does not exist (it may have been moved or deleted); not read.',
    ]);
    expectOthersLoad(r);
  });

  test('a folder named households.csv → error "is a folder"; other folders are ignored', async () => {
    const dir = createProject();
    mkdirSync(join(dir, 'households.csv'));
    mkdirSync(join(dir, 'out'));
    const r = await loadProjectDir(dir);
    expect(lines(r.report.issues, 'en', 'households.csv')).toEqual(['File households.csv: This should be a file but is a folder; not read.']);
    expect(r.report.issues.filter((i) => i.code === 'unreadable').map((i) => i.file)).toEqual(['households.csv']);
    expect(formatIssue(r.report.issues[0], 'zh')).toBe('文件 households.csv：这里应是一个文件，但它是一个文件夹，未读取。');
    expectOthersLoad(r);
  });

  test('a FIFO named service_points.geojson is reported and never opened (no hang)', async () => {
    const dir = createProject();
    const made = spawnSync('mkfifo', [join(dir, 'service_points.geojson')]);
    expect(made.status).toBe(0);
    const r = await loadProjectDir(dir);
    expect(lines(r.report.issues, 'zh', 'service_points.geojson')).toEqual(['文件 service_points.geojson：这不是普通文件（是管道、套接字或设备），未读取，以免程序一直等待。']);
    expect(lines(r.report.issues, 'en', 'service_points.geojson')).toEqual([
      'File service_points.geojson: This is not a regular file (it is a pipe, socket or device); not read, so the program does not wait on it forever.',
    ]);
    expectOthersLoad(r);
  });

  test('a read error on townships.geojson (EACCES, as for a chmod 000 file when not root) → error naming it; the other layers load', async () => {
    const dir = createProject();
    writeFileSync(join(dir, 'townships.geojson'), '{"type": "FeatureCollection", "features": []}');
    // Tests run as root, which reads chmod 000 files: the error is raised by the readFile call instead.
    const fs: ProjectDirFs = {
      readdir: (p) => readdirSync(p),
      stat: (p) => statSync(p),
      readFile: (p) => {
        if (p.endsWith('townships.geojson')) throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
        return new Uint8Array(readFileSync(p));
      },
    };
    const r = await loadProjectDir(dir, {}, fs);
    expect(lines(r.report.issues, 'zh', 'townships.geojson')).toEqual(['文件 townships.geojson：没有读取该文件的权限，未读取。']);
    expect(lines(r.report.issues, 'en', 'townships.geojson')).toEqual(['File townships.geojson: Permission to read this file was denied; not read.']);
    expectOthersLoad(r);
  });
});
