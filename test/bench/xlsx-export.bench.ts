// The Excel export a user waits for: the demo county's fire workbook (summary, built-up areas,
// stations, townships and every household not reached), built by toXlsx as the fire panel's
// 导出 Excel does on the main thread. Rows: the whole toXlsx call, and its zip step alone at the
// deflate level it uses against level 6 (the level before session 6). Run: `npm run bench -- xlsx`.
import { cpus, loadavg } from 'node:os';
import { unzipSync, zipSync } from 'fflate';
import { computeFireCoverage, fireUncoveredFeatures, prepareFireCoverage } from '../../analysis/fire-coverage.ts';
import { toXlsx, XLSX_DEFLATE_LEVEL } from '../../analysis/xlsx-export.ts';
import { fireSheets } from '../../src/export/analysis-sheets.ts';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { fcOf, fireInputOf, fireOptionsFromCli } from '../../cli/radii-util.ts';
import { medianMs, report } from './util.ts';

const { project } = await loadProjectDir('data/demo');
const opts = fireOptionsFromCli(project, {});
const stations = fcOf(project.layers.fireStations) ?? { type: 'FeatureCollection' as const, features: [] };
const prep = prepareFireCoverage(fireInputOf(project), opts);
const result = computeFireCoverage(prep, stations, opts);
const uncovered = { type: 'FeatureCollection' as const, features: [...fireUncoveredFeatures(prep, result)] };
const sheets = fireSheets(result, 'zh', uncovered);

let bytes: Uint8Array = new Uint8Array();
const whole = await medianMs(() => (bytes = toXlsx(sheets)), 3);
const parts = unzipSync(bytes);
const rawMb = Object.values(parts).reduce((a, p) => a + p.length, 0) / 1e6;
let size6 = 0;
const zip6 = await medianMs(() => (size6 = zipSync(parts, { level: 6 }).length), 3);
let sizeNow = 0;
const level = XLSX_DEFLATE_LEVEL;
const zipNow = await medianMs(() => (sizeNow = zipSync(parts, { level }).length), 3);
const env = `load avg ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
report('xlsx-export', [
  { name: `fire workbook of the demo county: toXlsx (${result.households.uncovered} households not reached, ${rawMb.toFixed(0)} MB of XML → ${(bytes.length / 1e6).toFixed(2)} MB)`, ms: whole, note: env },
  { name: `its zip step at level ${level} (${(sizeNow / 1e6).toFixed(2)} MB)`, ms: zipNow, baselineMs: zip6, baselineNote: `level 6: ${(size6 / 1e6).toFixed(2)} MB`, note: env },
]);
