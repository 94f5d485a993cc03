import type { ParamDef, ParamText } from '../analysis/params.ts';
import { rangeText } from '../analysis/params.ts';

/**
 * `analyze <command> --help` (or `-h`): the command's options, thrown by the check of its options
 * before any work, and printed on stdout by cli/analyze.ts, which then exits 0. Nothing is read or
 * written: no --data, no --out folder made.
 */
export class HelpShown extends Error {
  constructor(readonly text: string) {
    super(text);
    this.name = 'HelpShown';
  }
}

/** An option that is not a parameter (a file, a filter, a switch): its name and what it does. */
export interface OtherOption {
  key: string;
  text: ParamText;
}

const COMMON: OtherOption[] = [
  { key: 'data', text: { zh: '项目文件夹（默认 data/demo）', en: 'project folder (default data/demo)' } },
  { key: 'out', text: { zh: '输出文件夹（默认 out/<命令>）', en: 'output folder (default out/<command>)' } },
  { key: 'force', text: { zh: '覆盖输出文件夹中本命令以外的文件', en: 'write over files in --out this command did not write' } },
  { key: 'scenario', text: { zh: '按 project.json 中保存的方案计算（名称或 id）', en: 'run on a scenario stored in project.json (name or id)' } },
];

/** What the analyses' options that are not parameters do (named as strings by the commands). */
const OTHER_TEXT: Record<string, ParamText> = {
  speeds: { zh: '分道路等级车速，如 primary=45,unclassified=15（km/h；等级或其中文名）', en: 'speeds by road class, e.g. primary=45,unclassified=15 (km/h; class or its Chinese name)' },
  'compare-statuses': { zh: '比较方案计入的站点状态', en: 'station statuses of the comparison' },
  'urban-built-up': { zh: '按县城半径计的建成区名称', en: 'the built-up area that takes the county-seat radius' },
  township: { zh: '只列该乡镇的农户', en: 'households of this township only' },
  village: { zh: '只列该村的农户', en: 'households of this village only' },
  heating: { zh: '取暖方式，如 clean_coal 或 洁净煤', en: 'heating, e.g. clean_coal or 洁净煤' },
  'low-income': { zh: '低收入类别：minimum_living、低保、any …', en: 'low-income category: minimum_living, 低保, any …' },
  services: { zh: '计入的服务，逗号分隔，如 hydrant,kindergarten', en: 'services counted, comma-separated, e.g. hydrant,kindergarten' },
  'no-fire': { zh: '不计算消防 5 分钟到达（更快）', en: 'leave out the fire 5-minute reach (faster)' },
  tasks: { zh: '任务表（乡镇、任务数、完成数；CSV 或 XLSX）', en: 'task sheet (township, tasks, done; CSV or XLSX)' },
  'ledger-old': { zh: '旧的双代台账（CSV 或 XLSX）', en: 'the older 双代 ledger (CSV or XLSX)' },
  'ledger-new': { zh: '新的双代台账（CSV 或 XLSX）', en: 'the newer 双代 ledger (CSV or XLSX)' },
  engine: { zh: 'native（默认，较快）或 wasm（与浏览器相同的引擎）', en: 'native (default, faster) or wasm (the browser\'s engine)' },
  crs: { zh: '文件的坐标系，如 hydrants.geojson=EPSG:4547', en: 'a file\'s CRS, e.g. hydrants.geojson=EPSG:4547' },
  'swap-axes': { zh: '坐标为纬度在前的文件，逗号分隔', en: 'files whose coordinates are latitude first, comma-separated' },
  facility: { zh: 'fire（默认，消防站）或 kindergarten（幼儿园）', en: 'fire (default, stations) or kindergarten' },
  sites: { zh: '自选候选点："名称:经度,纬度;…"', en: 'your own candidate sites: "name:lon,lat;…"' },
  solver: { zh: 'highs（默认，精确求解）或 greedy（贪心）', en: 'highs (default, exact) or greedy' },
  'max-per-township': { zh: '每个乡镇最多选几处（1–50，仅消防站）', en: 'at most this many sites per township (1–50, fire stations only)' },
  'min-per-township': { zh: '每个乡镇至少选几处（0–50，仅消防站）', en: 'at least this many sites per township (0–50, fire stations only)' },
  curve: { zh: '另算 P = 1 … 该数 的覆盖曲线（1–50，仅消防站）', en: 'also the coverage curve for P = 1 … this number (1–50, fire stations only)' },
};

const valueText = (d: ParamDef): string => (typeof d.value === 'boolean' ? String(d.value) : `${d.value}${d.unit ? ` ${d.unit}` : ''}`);

/**
 * The help text of command `who`: every parameter with its label, default, allowed range and source
 * (Chinese line, then English), then the other options (`--scenario` only where the command takes it). The same ParamDefs the command checks its
 * options against, so the help cannot list an option the command refuses.
 */
export function optionsHelp(who: string, defs: readonly ParamDef[], other: readonly (OtherOption | string)[] = [], scenario = true): string {
  const lines = [`npm run analyze -- ${who} [选项 / options]`, ''];
  if (defs.length > 0) {
    lines.push('参数（默认值；允许范围；来源） / Parameters (default; allowed values; source):');
    for (const d of defs) {
      const r = rangeText(d);
      lines.push(`  --${d.key} <${typeof d.value === 'boolean' ? 'true|false' : '值 / value'}>`);
      lines.push(`      ${d.label.zh}：默认 ${valueText(d)}；${r.zh}；来源：${d.source.zh}`);
      lines.push(`      ${d.label.en}: default ${valueText(d)}; ${r.en}; source: ${d.source.en}`);
    }
    lines.push('');
  }
  lines.push('其他选项 / Other options:');
  for (const o of [...COMMON.filter((o) => scenario || o.key !== 'scenario'), ...other.map((o) => (typeof o === 'string' ? { key: o, text: OTHER_TEXT[o] ?? null } : o))]) {
    lines.push(o.text ? `  --${o.key}    ${o.text.zh} / ${o.text.en}` : `  --${o.key}`);
  }
  if (defs.length > 0) lines.push('', '参数也可写在项目的 project.json params 中；命令行的值优先。 / Parameters can also go into the project\'s project.json params; the command line wins.');
  return lines.join('\n');
}

/** Throws {@link HelpShown} with the command's help when its options ask for it (`--help`, `-h`). */
export function helpIfAsked(options: Record<string, string>, who: string, defs: readonly ParamDef[], other: readonly (OtherOption | string)[] = [], scenario = true): void {
  if ('help' in options) throw new HelpShown(optionsHelp(who, defs, other, scenario));
}
