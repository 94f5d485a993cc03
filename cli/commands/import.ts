import { convertOldXls } from '../../layers/load/foreign/xls';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CliArgs } from '../args.ts';
import { cannotRead, loadProjectDir } from '../load-project-dir.ts';
import type { OutputKind } from '../out-dir.ts';
import { writeJsonFile, writeTextFile } from '../stream-write.ts';
import { LAYER_LIST, LAYERS } from '../../layers/index.ts';
import { formatIssue, matchLayerFile } from '../../layers/load/index.ts';
import { detectLayerOffset, importForeign, readForeignFiles, suggestTargets, type ForeignFile, type ImportTarget } from '../../layers/load/foreign/index.ts';
import { layerDocument } from '../../layers/load/layer-document.ts';
import { crsFromCode } from '../../layers/load/foreign/stated-crs.ts';
import type { LayerDefinition, LayerId, ValidationIssue } from '../../layers/types.ts';
import { helpIfAsked } from '../help.ts';

/** `import` writes a whole project folder: an existing non-empty --out (also --out = --data) needs --force. */
export const OUTPUT: OutputKind = { kind: 'project' };

const USAGE =
  'import: npm run analyze -- import --data <project folder> --out <project folder> <files…> ' +
  '[--replace] [--layer NAME] [--crs EPSG:n] [--encoding gbk|utf-8] [--offset gcj02|bd09] [--fields to=from,…] [--lang zh|en] [--force]';

/** A layer named on the command line: its id, its file name, or its Chinese or English title. */
function layerByName(name: string): LayerDefinition {
  const n = name.trim().toLowerCase();
  const def = LAYER_LIST.find((d) => d.id.toLowerCase() === n || d.file === n || d.title.zh === name.trim() || d.title.en.toLowerCase() === n);
  if (!def) throw new Error(`import：没有名为“${name}”的图层（--layer）。图层：${LAYER_LIST.map((d) => `${d.file}（${d.title.zh}）`).join('、')}\nimport: --layer "${name}" is not a layer. Layers: ${LAYER_LIST.map((d) => `${d.file} (${d.title.en})`).join(', ')}`);
  return def;
}

/** The members of the project folder's project.json (none when it is missing, unreadable or not an object: the loader has said so). */
function ownProjectJson(dir: string): Record<string, unknown> {
  try {
    const o: unknown = JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8').replace(/^\uFEFF/, ''));
    return o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseFields(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  const out: Record<string, string> = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`import：--fields 应是 字段=列 的对应（如 id=编号,road=道路），收到“${pair}”。\nimport: --fields expects target=source pairs (e.g. id=编号,road=道路), got "${pair}"`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

/**
 * `npm run analyze -- import --data <project> --out <project> <files…>`: read Shapefiles (loose or
 * zipped), point tables (CSV/XLSX) and the other foreign formats of the import step, put each layer
 * into the contract layer its name, geometry and fields suggest (or `--layer`), adding to it
 * (`--replace` replaces it), and write the project folder to --out with `import-report.json`
 * listing every issue (file, feature/row, field, why). Without `--force` an existing folder is
 * never overwritten. Exit code 2 when nothing could be imported.
 */
export async function run(args: CliArgs): Promise<void> {
  helpIfAsked(args.options, 'import', [], [
    { key: 'layer', text: { zh: '导入到哪个图层：id、文件名或中文名（默认按文件内容建议）', en: 'the layer to import into: id, file name or title (default: suggested from the file)' } },
    { key: 'replace', text: { zh: '替换该图层（默认追加）', en: 'replace the layer (default: add to it)' } },
    { key: 'crs', text: { zh: '坐标系，如 EPSG:4547（文件未写明时）', en: 'the CRS, e.g. EPSG:4547 (when the file does not state it)' } },
    { key: 'encoding', text: { zh: '属性编码（gbk / utf-8）', en: 'attribute encoding (gbk / utf-8)' } },
    { key: 'offset', text: { zh: 'gcj02、bd09 或 none：坐标的偏移', en: 'gcj02, bd09 or none: the coordinates\' offset' } },
    { key: 'fields', text: { zh: '字段=列 的对应，如 id=编号,road=道路', en: 'field=column pairs, e.g. id=编号,road=道路' } },
    { key: 'lang', text: { zh: '报告语言 zh / en', en: 'report language zh / en' } },
  ], false);
  const { replace, layer, crs, encoding, offset, fields, lang: langOpt, ...rest } = args.options;
  for (const k of Object.keys(rest)) throw new Error(`import：未知的选项 --${k}。\nimport: unknown option --${k}.\n${USAGE}`);
  // "" for --layer, --crs, --encoding, --offset or --fields was read as not given (the file's own guess used);
  // --lang fr as Chinese; --replace=yes as add
  for (const [k, v] of Object.entries({ layer, crs, encoding, offset, fields, lang: langOpt })) {
    if (v !== undefined && (v.trim() === '' || v === 'true')) throw new Error(`import：--${k} 需要一个值，收到“${v}”。\nimport: --${k} needs a value, got "${v}".\n${USAGE}`);
  }
  if (langOpt !== undefined && langOpt !== 'zh' && langOpt !== 'en') throw new Error(`import：--lang 只能是 zh 或 en，收到“${langOpt}”。\nimport: --lang must be zh or en, got "${langOpt}".\n${USAGE}`);
  if (replace !== undefined && replace !== 'true' && replace !== 'false') throw new Error(`import：--replace 为“${replace}”，应不带值（或为 true / false）。\nimport: --replace is "${replace}"; give it without a value (or true / false).\n${USAGE}`);
  const files = args.files ?? [];
  if (files.length === 0) throw new Error(`import：没有给出要导入的文件。\nimport: no files given.\n${USAGE}`);
  // a --crs or --encoding the import cannot use is refused before anything is read or written
  // (an unknown --crs was reported as an error while the files were imported as written anyway, and
  // an unknown --encoding was silently ignored)
  if (crs !== undefined && (crs === 'true' || (!crsFromCode(crs) && !/^\s*(epsg:\s*)?(wgs\s*84|cgcs\s*2000|crs\s*84)\s*$/i.test(crs)))) {
    throw new Error(`import：不认识坐标系 --crs “${crs === 'true' ? '' : crs}”；可用经纬度（EPSG:4490/4326）、CGCS2000、西安 80、北京 54 高斯-克吕格（如 EPSG:4547、4526）或 EPSG:3857。\nimport: --crs "${crs === 'true' ? '' : crs}" is not a known coordinate system; use lon/lat (EPSG:4490/4326), CGCS2000, Xi'an 80 or Beijing 54 Gauss-Krüger (e.g. EPSG:4547, 4526) or EPSG:3857.\n${USAGE}`);
  }
  if (encoding !== undefined) {
    let known = encoding !== 'true';
    try {
      if (known) new TextDecoder(encoding);
    } catch {
      known = false;
    }
    if (!known) throw new Error(`import：不认识的编码 --encoding “${encoding === 'true' ? '' : encoding}”；常用 gbk、gb18030、utf-8。\nimport: --encoding "${encoding === 'true' ? '' : encoding}" is not a known text encoding; use gbk, gb18030 or utf-8.\n${USAGE}`);
  }
  if (offset && offset !== 'gcj02' && offset !== 'bd09' && offset !== 'none') throw new Error(`import：--offset 只能是 gcj02、bd09 或 none，收到“${offset}”。\nimport: --offset must be gcj02, bd09 or none, got "${offset}"`);
  const lang = langOpt === 'en' ? 'en' : 'zh';
  const picked: ForeignFile[] = [];
  for (const f of files) {
    let buf: Buffer;
    try {
      buf = readFileSync(f);
    } catch (err) {
      throw new Error(`import: ${cannotRead('文件', 'file', f, err).replace('\n', '\nimport: ')}`);
    }
    picked.push({ name: basename(f), bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) });
  }
  const current = await loadProjectDir(args.data);
  const read = readForeignFiles(await convertOldXls(picked), encoding ? { encoding: { '*': encoding } } : {});
  const readIssues: ValidationIssue[] = read.issues.map((i) => ({ ...i }));
  const forced = layer ? layerByName(layer) : null;
  const targets: ImportTarget[] = suggestTargets(read.layers, current.project).map((t) => {
    const out: ImportTarget = { ...t, layer: forced ? forced.id : t.layer, mode: replace === 'true' ? 'replace' : t.mode };
    if (replace !== 'true' && !current.project.imports?.[t.source]?.mode) out.mode = 'add';
    if (crs) out.crs = crs;
    if (offset) out.offset = offset as ImportTarget['offset'];
    if (encoding) out.encoding = encoding;
    const map = parseFields(fields);
    if (map) out.fields = map;
    return out;
  });
  for (const t of targets) {
    if (!t.layer) {
      readIssues.push({ severity: 'error', code: 'no-target-layer', file: t.source, message: { zh: '无法判断应导入哪个图层；请用 --layer 指定（如 --layer hydrants）。', en: 'Cannot tell which layer this belongs to; name it with --layer (e.g. --layer hydrants).' } });
      continue;
    }
    if (t.offset) continue;
    const l = read.layers.find((x) => x.source === t.source)!;
    const d = detectLayerOffset(l, t, current.project);
    if (d?.suggest) {
      const what = d.suggest === 'gcj02' ? 'GCJ-02（高德/腾讯）' : 'BD-09（百度）';
      const m = Number.isFinite(d.medianAsIs) ? `：到最近道路的距离中位数 ${Math.round(d.medianAsIs)} 米，校正后 ${Math.round(d.suggest === 'gcj02' ? d.medianGcj02 : d.medianBd09)} 米` : '';
      const mEn = Number.isFinite(d.medianAsIs) ? `: median distance to the nearest road ${Math.round(d.medianAsIs)} m, ${Math.round(d.suggest === 'gcj02' ? d.medianGcj02 : d.medianBd09)} m after correction` : '';
      const whatEn = d.suggest === 'gcj02' ? 'GCJ-02 (Amap/Tencent)' : 'BD-09 (Baidu)';
      // the file's .prj / crs names the offset datum (any geometry), or the points' distance to the roads suggests it
      const stated = !Number.isFinite(d.medianAsIs);
      readIssues.push({ severity: 'warning', code: 'offset-suspected', file: t.source, message: stated
        ? { zh: `文件说明其坐标是 ${what} 偏移坐标。未转换；请加 --offset ${d.suggest} 重新导入。`, en: `The file says its coordinates are ${whatEn} offset coordinates. Not converted; import again with --offset ${d.suggest}.` }
        : {
            zh: `这些点像是 ${what} 偏移坐标${m}。未转换；确认后请加 --offset ${d.suggest} 重新导入。`,
            en: `These points look like ${whatEn} offset coordinates${mEn}. Not converted; if so, import again with --offset ${d.suggest}.`,
          } });
    }
  }
  const result = importForeign(current, read.layers, targets);
  const issues = [...readIssues, ...result.issues];
  const out = resolve(args.out);
  mkdirSync(out, { recursive: true });
  // the project's own files first (unless --out is the project folder), then the changed layers over them
  if (resolve(args.data) !== out) {
    for (const n of readdirSync(args.data)) {
      const p = join(args.data, n);
      if (statSync(p).isFile() && (n === 'project.json' || matchLayerFile(n))) copyFileSync(p, join(out, n));
    }
  }
  const changed = new Set<LayerId>(result.layers.map((r) => r.layer));
  for (const id of changed) {
    const def = LAYERS[id];
    for (const n of [`${def.file}.geojson`, `${def.file}.json`, `${def.file}.csv`]) rmSync(join(out, n), { force: true });
    const doc = layerDocument(def, result.project.layers[id]);
    await writeTextFile(join(out, doc.name), doc.text);
  }
  const p = result.project;
  // every other member of the project's project.json as it was: its scenarios (the county's 方案),
  // and what a newer version wrote; only name, region, params and imports are ours to rewrite
  const kept = { ...ownProjectJson(args.data) };
  for (const k of ['name', 'region', 'params', 'imports']) delete kept[k];
  await writeJsonFile(join(out, 'project.json'), { name: p.name, ...(p.region ? { region: p.region } : {}), params: p.params, ...(p.imports && Object.keys(p.imports).length ? { imports: p.imports } : {}), ...kept }, 2);
  await writeJsonFile(join(out, 'import-report.json'), { files: picked.map((f) => f.name), layers: result.layers, issues }, 2);
  const tag = { error: lang === 'en' ? 'ERROR' : '错误', warning: lang === 'en' ? 'WARN ' : '警告', info: lang === 'en' ? 'INFO ' : '提示' };
  for (const r of result.layers) {
    const t = LAYERS[r.layer].title[lang];
    const how = r.mode === 'replace' ? (lang === 'en' ? 'replaced' : '替换') : lang === 'en' ? 'added to' : '添加到';
    console.log(
      lang === 'en'
        ? `import: ${r.sources.join(', ')} ${how} ${t}: read ${r.counts.read}, loaded ${r.counts.loaded}, rejected ${r.counts.rejected}, unlocated ${r.counts.unlocated}; ${r.before} → ${r.after} features`
        : `import：${r.sources.join('、')} ${how}“${t}”：读取 ${r.counts.read}，加载 ${r.counts.loaded}，拒绝 ${r.counts.rejected}，无位置 ${r.counts.unlocated}；要素 ${r.before} → ${r.after}`,
    );
  }
  for (const i of issues) if (i.severity !== 'info') console.log(`${tag[i.severity]} ${formatIssue(i, lang)}`);
  console.log(lang === 'en' ? `import: wrote ${args.out}/ (import-report.json lists every issue)` : `import：已写出 ${args.out}/（import-report.json 列出全部问题）`);
  if (result.layers.length === 0) process.exitCode = 2;
}
