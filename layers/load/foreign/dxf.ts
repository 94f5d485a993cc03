import type { ForeignFeature, ForeignFile, ForeignIssue, ForeignLayer, ForeignReadResult } from './types.ts';
import Flatbush from 'flatbush';
import type { ForeignReader } from './index.ts';
import { mergeResults } from './kml.ts';
import { selfIntersection } from './boundary-points.ts';

/** Rings with more points than this are not checked for self-intersection (the check is quadratic). */
const MAX_CHECKED_RING = 5000;

/** Angle of one chord when a bulge (arc) segment is approximated: 2°, at most 180 chords per arc. */
export const DXF_ARC_STEP_RADIANS = Math.PI / 90;
/** Largest bulge read as an arc (359.5°, a radius of 250 chords); a larger one is read as a straight segment, warned. */
export const DXF_MAX_BULGE = 1000;

const BINARY_SENTINEL = 'AutoCAD Binary DXF';

interface Pair {
  code: number;
  value: string;
  line: number;
}

interface Entity {
  type: string;
  line: number;
  index: number;
  pairs: Pair[];
}

interface Vertex {
  x: number;
  y: number;
  bulge: number;
}

interface Shape {
  entity: Entity;
  layer: string;
  handle: string | null;
  closed: boolean;
  points: number[][];
  labels: { key: string; text: string }[];
  area: number;
  /** The drawing's INSERT (index into the inserts read) this shape came from; -1 when drawn outside blocks. */
  group: number;
}

interface Label {
  entity: Entity;
  layer: string;
  /** The attribute tag of a block attribute (ATTRIB), which names it better than its layer. */
  tag?: string;
  text: string;
  x: number;
  y: number;
  /** As {@link Shape.group}. */
  group: number;
}

/** Limits of {@link readDxf} (a test may lower them): the largest file read, as KML's. */
export const DXF_LIMITS = { maxBytes: 256 * 1024 * 1024 };

/**
 * Text encoding of a DXF from its header: AutoCAD 2007+ files (`$ACADVER` AC1021 and later) are
 * UTF-8 whatever their `$DWGCODEPAGE` (a drawing made on Chinese Windows keeps ANSI_936 there);
 * an older one with ANSI_936 is GBK; else UTF-8 when the bytes are, GBK when not.
 */
function pickEncoding(bytes: Uint8Array): 'gb18030' | 'utf-8' {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 65536)));
  // the version first: it was checked after the code page, so every AutoCAD 2007+ drawing saved on
  // Chinese Windows (ANSI_936) had its UTF-8 layer names and labels read as GBK (瀹楀湴 for 宗地)
  const ver = /\$ACADVER\s*\r?\n\s*1\s*\r?\n\s*AC(\d{4})/.exec(head)?.[1];
  if (ver && Number(ver) >= 1021) return 'utf-8';
  const cp = /\$DWGCODEPAGE\s*\r?\n\s*3\s*\r?\n([^\r\n]*)/.exec(head)?.[1].trim().toUpperCase();
  if (cp === 'ANSI_936' || cp === 'GBK' || cp === 'GB2312') return 'gb18030';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** `\U+XXXX` escapes (older DXF) and the `%%c %%d %%p` symbols of TEXT. */
function decodeDxfText(s: string): string {
  return s
    .replace(/\\U\+([0-9A-Fa-f]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/%%[cC]/g, 'Ø')
    .replace(/%%[dD]/g, '°')
    .replace(/%%[pP]/g, '±')
    .replace(/%%%/g, '%');
}

/** MTEXT without its inline formatting codes (fonts, heights, colours, paragraph breaks as spaces). */
function plainMtext(s: string): string {
  return s
    .replace(/\\[PpNn]/g, ' ')
    .replace(/\\[fFHhCcWwAaQqTtpc][^;\\{}]*;/g, '')
    .replace(/\\S([^;]*);/g, (_m, frac: string) => frac.replace(/[#^]/g, '/'))
    .replace(/\\[LlOoKk]/g, '')
    .replace(/\\([\\{}])/g, '$1')
    .replace(/(?<!\\)[{}]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function num(e: Entity, code: number): number | undefined {
  const p = e.pairs.find((q) => q.code === code);
  if (!p) return undefined;
  const v = Number(p.value.trim());
  return Number.isFinite(v) ? v : undefined;
}

function str(e: Entity, code: number): string | undefined {
  return e.pairs.find((q) => q.code === code)?.value;
}

/**
 * Points of the arc from `a` to `b` with DXF bulge `bulge` (tan of a quarter of the included angle,
 * positive counter-clockwise), excluding `a`, including `b`; a straight segment gives just `b`.
 */
export function bulgeArc(a: number[], b: number[], bulge: number, step = DXF_ARC_STEP_RADIANS): number[][] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const d = Math.hypot(dx, dy);
  if (bulge === 0 || d === 0) return [b];
  const theta = 4 * Math.atan(bulge);
  const h = d / 2 / Math.tan(theta / 2);
  const cx = (a[0] + b[0]) / 2 - (dy / d) * h;
  const cy = (a[1] + b[1]) / 2 + (dx / d) * h;
  const r = Math.hypot(a[0] - cx, a[1] - cy);
  const start = Math.atan2(a[1] - cy, a[0] - cx);
  const n = Math.min(180, Math.max(2, Math.ceil(Math.abs(theta) / step)));
  const out: number[][] = [];
  for (let k = 1; k < n; k++) {
    const t = start + (theta * k) / n;
    out.push([cx + r * Math.cos(t), cy + r * Math.sin(t)]);
  }
  out.push(b);
  return out;
}

function ringArea(r: number[][]): number {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1]);
  return Math.abs(s / 2);
}

function inside(x: number, y: number, r: number[][]): boolean {
  let c = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i];
    const [xj, yj] = r[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/**
 * Read an ASCII DXF (CAD drawing from a resource or planning bureau): closed LWPOLYLINE and
 * POLYLINE/VERTEX outlines (closed flag, or first point equal to last) become plot polygons, open
 * ones lines, one layer per CAD layer and kind; bulges (arcs) are approximated by chords of
 * {@link DXF_ARC_STEP_RADIANS}. TEXT and MTEXT lying inside a polygon are attached to the smallest
 * polygon holding them, as attributes named after the text's CAD layer (`label` when the text sits on
 * the polygon's own layer or layer 0; `name_2`, `name_3`… when a polygon holds several); block
 * attributes (ATTRIB after an INSERT) likewise, named by their tag. A block placed by an INSERT is
 * expanded: its polylines and texts at the insertion point, scaled and rotated as the INSERT says
 * (blocks within blocks to {@link MAX_BLOCK_DEPTH} levels; layer-0 entities take the INSERT's layer;
 * handles `INSERT/inner`). Each
 * feature has `layer` and `handle`. Coordinates are as written; the CRS is unknown (null): CAD from
 * the resource bureau is usually CGCS2000 Gauss-Krüger and the import step asks.
 *
 * Binary DXF is refused with a message; `$DWGCODEPAGE` ANSI_936 means GBK text.
 *
 * @param file - the picked file
 * @returns the layers and the issues met (never throws for a bad file)
 * @example
 * readDxf({ name: '宗地图.dxf', bytes }).layers[0].features[0].properties.地块编号; // "DK-001"
 */
export function readDxf(file: ForeignFile): ForeignReadResult {
  const issues: ForeignIssue[] = [];
  // as KML's limit: a drawing past it would be split into tens of millions of line strings (GBs)
  if (file.bytes.length > DXF_LIMITS.maxBytes) {
    const mb = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MB`;
    issues.push({
      severity: 'error',
      code: 'too-large',
      file: file.name,
      message: {
        zh: `${file.name}：文件过大（${mb(file.bytes.length)}），DXF 上限为 ${mb(DXF_LIMITS.maxBytes)}，未读取；请在 CAD 中只导出需要的图层`,
        en: `${file.name}: the file is too large (${mb(file.bytes.length)}); DXF files are limited to ${mb(DXF_LIMITS.maxBytes)} and it was not read. Export only the layers needed from CAD`,
      },
    });
    return { layers: [], issues };
  }
  const head = new TextDecoder('latin1').decode(file.bytes.subarray(0, 22));
  if (head.startsWith(BINARY_SENTINEL)) {
    issues.push({
      severity: 'error',
      code: 'dxf-binary',
      file: file.name,
      message: {
        zh: `${file.name}：这是二进制 DXF，无法读取；请在 CAD 中另存为 ASCII（文本）DXF 后再导入`,
        en: `${file.name}: this is a binary DXF, which cannot be read; save it as ASCII (text) DXF in CAD and import that`,
      },
    });
    return { layers: [], issues };
  }
  const encoding = pickEncoding(file.bytes);
  const text = new TextDecoder(encoding).decode(file.bytes);
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const pairs: Pair[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const c = lines[i].trim();
    if (!/^-?\d{1,4}$/.test(c)) {
      issues.push({
        severity: 'error',
        code: 'dxf-syntax',
        file: file.name,
        row: i + 1,
        message: { zh: `${file.name}，第 ${i + 1} 行：应为组码（整数），却是“${c.slice(0, 30)}”；文件不是 DXF 或已损坏`, en: `${file.name}, line ${i + 1}: a group code (integer) was expected, found "${c.slice(0, 30)}"; not a DXF or damaged` },
      });
      return { layers: [], issues };
    }
    pairs.push({ code: Number(c), value: lines[i + 1], line: i + 1 });
  }
  if (!pairs.some((p) => p.code === 0 && p.value.trim() === 'EOF')) {
    issues.push({ severity: 'warning', code: 'dxf-no-eof', file: file.name, message: { zh: `${file.name}：文件没有 EOF 结尾，可能被截断；已读取现有部分`, en: `${file.name}: the file has no EOF marker and may be cut off; read what is there` } });
  }
  const { entities, blocks } = entitiesOf(pairs);
  const shapes: Shape[] = [];
  const labels: Label[] = [];
  const skipped = new Map<string, number>();
  const where = (e: Entity, handle?: string | null) => ({
    zh: `${file.name}，第 ${e.line} 行的 ${e.type}${handle ? `（句柄 ${handle}）` : ''}`,
    en: `${file.name}, ${e.type} at line ${e.line}${handle ? ` (handle ${handle})` : ''}`,
  });
  /**
   * Read a list of entities: the drawing's, or a block's under the map of its INSERT (`xf`), whose
   * layer-0 entities take the INSERT's layer (CAD's rule) and whose handles are prefixed with the
   * INSERT's, so each copy of a block is its own feature.
   */
  const inserts: { block: string; layer: string; handle: string }[] = [];
  const walk = (entities: Entity[], xf: Xf | null, insertLayer: string | null, insertHandle: string | null, depth: number, group: number): void => {
    for (let k = 0; k < entities.length; k++) {
      const e = entities[k];
      // a layer name holding characters outside the code page is written with \U+XXXX escapes
      const own = (str(e, 8)?.trim() ?? '0').replace(/\\U\+([0-9A-Fa-f]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
      const layer = insertLayer !== null && own === '0' ? insertLayer : own;
      const ownHandle = str(e, 5)?.trim() ?? null;
      const handle = insertHandle !== null ? `${insertHandle}/${ownHandle ?? k}` : ownHandle;
      if (e.type === 'LWPOLYLINE' || e.type === 'POLYLINE') {
        let vertices: Vertex[];
        const flags = num(e, 70) ?? 0;
        if (e.type === 'LWPOLYLINE') vertices = lwVertices(e);
        else {
          if (flags & (16 | 64)) {
            skipped.set('POLYLINE mesh', (skipped.get('POLYLINE mesh') ?? 0) + 1);
            continue;
          }
          vertices = [];
          while (k + 1 < entities.length && entities[k + 1].type === 'VERTEX') {
            const v = entities[++k];
            if ((num(v, 70) ?? 0) & 16) continue;
            vertices.push({ x: num(v, 10) ?? NaN, y: num(v, 20) ?? NaN, bulge: num(v, 42) ?? 0 });
          }
          if (k + 1 < entities.length && entities[k + 1].type === 'SEQEND') k++;
        }
        if (vertices.some((v) => !Number.isFinite(v.x) || !Number.isFinite(v.y))) {
          const w = where(e, handle);
          issues.push({ severity: 'error', code: 'dxf-coordinates', file: file.name, row: e.line, featureIndex: e.index, field: '10/20', message: { zh: `${w.zh}：顶点坐标不是数字，已舍弃`, en: `${w.en}: a vertex coordinate is not a number; dropped` } });
          continue;
        }
        const first = vertices[0];
        const last = vertices[vertices.length - 1];
        const sameEnds = vertices.length > 2 && first.x === last.x && first.y === last.y;
        const closed = (flags & 1) === 1 || sameEnds;
        if (sameEnds) vertices.pop();
        const pts: number[][] = vertices.length > 0 ? [[vertices[0].x, vertices[0].y]] : [];
        const segs = closed ? vertices.length : vertices.length - 1;
        let badBulge = -1;
        for (let i = 0; i < segs; i++) {
          const a = vertices[i];
          const b = vertices[(i + 1) % vertices.length];
          // |bulge| 1000 is an arc of 359.5°; beyond, the circle blows up to nonsense (1e300 put
          // vertices 1e16 m away): the segment is drawn straight and the vertex reported.
          const bulge = Math.abs(a.bulge) > DXF_MAX_BULGE ? 0 : a.bulge;
          if (bulge !== a.bulge && badBulge < 0) badBulge = i;
          pts.push(...bulgeArc([a.x, a.y], [b.x, b.y], bulge));
        }
        if (badBulge >= 0) {
          const w = where(e, handle);
          issues.push({
            severity: 'warning',
            code: 'dxf-bulge',
            file: file.name,
            row: e.line,
            featureIndex: e.index,
            field: '42',
            message: {
              zh: `${w.zh}：第 ${badBulge + 1} 个顶点的凸度（组码 42）为 ${vertices[badBulge].bulge}，不是合理的圆弧（绝对值应不超过 ${DXF_MAX_BULGE}），该段按直线读取，请核对图形`,
              en: `${w.en}: vertex ${badBulge + 1} has a bulge (group 42) of ${vertices[badBulge].bulge}, which is no sensible arc (at most ${DXF_MAX_BULGE} in size); the segment was read as straight, please check the drawing`,
            },
          });
        }
        // counted on the outline as drawn: two vertices joined by bulges are a circle or a half disc, not two points
        const distinct = new Set(pts.map(([x, y]) => `${x},${y}`)).size;
        if (closed && distinct < 3) {
          const w = where(e, handle);
          issues.push({
            severity: 'error',
            code: 'dxf-plot-points',
            file: file.name,
            row: e.line,
            featureIndex: e.index,
            field: '10/20',
            message: { zh: `${w.zh}（图层“${layer}”）：闭合多段线只有 ${distinct} 个不同的点，不能构成地块（至少要 3 个）`, en: `${w.en} (layer "${layer}"): the closed polyline has only ${distinct} distinct point(s) and cannot be a plot (3 needed)` },
          });
          continue;
        }
        if (!closed && distinct < 2) {
          const w = where(e, handle);
          issues.push({ severity: 'error', code: 'dxf-line-points', file: file.name, row: e.line, featureIndex: e.index, field: '10/20', message: { zh: `${w.zh}：多段线少于 2 个点，已舍弃`, en: `${w.en}: the polyline has fewer than 2 points; dropped` } });
          continue;
        }
        if (closed && pts.length - 1 <= MAX_CHECKED_RING && selfIntersection(pts.slice(0, -1))) {
          const w = where(e, handle);
          issues.push({
            severity: 'warning',
            code: 'dxf-self-intersection',
            file: file.name,
            row: e.line,
            featureIndex: e.index,
            field: '10/20',
            message: { zh: `${w.zh}（图层“${layer}”）：闭合多段线自相交，面积和包含关系可能不对，请在 CAD 中核对`, en: `${w.en} (layer "${layer}"): the closed polyline crosses itself; its area and what it contains may be wrong, check it in CAD` },
          });
        }
        const placed = xf ? pts.map(([x, y]) => apply(xf, x, y)) : pts;
        shapes.push({ entity: e, layer, handle, closed, points: placed, labels: [], area: closed ? ringArea(placed) : 0, group });
      } else if (e.type === 'TEXT' || e.type === 'MTEXT' || e.type === 'ATTRIB') {
        const justified = (num(e, 72) ?? 0) !== 0 || (num(e, 73) ?? 0) !== 0;
        const x = justified && num(e, 11) !== undefined ? num(e, 11)! : num(e, 10);
        const y = justified && num(e, 21) !== undefined ? num(e, 21)! : num(e, 20);
        const raw = e.type === 'MTEXT' ? e.pairs.filter((p) => p.code === 3).map((p) => p.value).join('') + (str(e, 1) ?? '') : (str(e, 1) ?? '');
        const t = decodeDxfText(e.type === 'MTEXT' ? plainMtext(raw) : raw).trim();
        const tag = e.type === 'ATTRIB' ? str(e, 2)?.trim() : undefined;
        if (t !== '' && x !== undefined && y !== undefined) {
          const [px, py] = xf ? apply(xf, x, y) : [x, y];
          labels.push({ entity: e, layer, text: t, x: px, y: py, group, ...(tag ? { tag } : {}) });
        }
      } else if (e.type === 'INSERT' && blocks.has(str(e, 2)?.trim() ?? '') && depth < MAX_BLOCK_DEPTH) {
        // a block placed in the drawing (plots drawn as blocks): its polylines and texts where the INSERT puts them
        const b = blocks.get(str(e, 2)!.trim())!;
        const inner = insertXf(e, b.base);
        expanded++;
        // each INSERT of the drawing is a group, so a title frame (图框/图签) can be told and left out as a whole
        const g = group >= 0 ? group : inserts.push({ block: str(e, 2)!.trim(), layer, handle: handle ?? `#${e.line}` }) - 1;
        walk(b.entities, xf ? compose(xf, inner) : inner, layer, handle ?? `#${e.line}`, depth + 1, g);
      } else if (e.type === 'INSERT' && blocks.has(str(e, 2)?.trim() ?? '')) {
        const key = `INSERT (> ${MAX_BLOCK_DEPTH} levels of blocks)`;
        skipped.set(key, (skipped.get(key) ?? 0) + 1);
      } else if (e.type !== 'VERTEX' && e.type !== 'SEQEND' && e.type !== 'ATTDEF') {
        skipped.set(e.type, (skipped.get(e.type) ?? 0) + 1);
      }
    }
  };
  let expanded = 0;
  walk(entities, null, null, null, 0, -1);
  const frames = titleFrames(inserts, shapes, labels);
  if (frames.size > 0) {
    for (const g of frames) {
      const f = inserts[g];
      const nShapes = shapes.filter((x) => x.group === g).length;
      const nTexts = labels.filter((x) => x.group === g).length;
      issues.push({
        severity: 'info',
        code: 'dxf-title-frame',
        file: file.name,
        message: {
          zh: `${file.name}：块“${f.block}”（图层“${f.layer}”，INSERT 句柄 ${f.handle}）是图框/图签，其中 ${nShapes} 条多段线、${nTexts} 处文字不作为地块或属性读取`,
          en: `${file.name}: block "${f.block}" (layer "${f.layer}", INSERT handle ${f.handle}) is a title frame (图框/图签); its ${nShapes} polyline(s) and ${nTexts} text(s) were not read as plots or attributes`,
        },
      });
    }
    for (const list of [shapes, labels] as { group: number }[][]) {
      let w = 0;
      for (const x of list) if (!frames.has(x.group)) list[w++] = x;
      list.length = w;
    }
  }
  for (const layer of looseTitleFrameLayers(shapes)) {
    const nShapes = shapes.filter((x) => x.group === -1 && x.layer === layer).length;
    const nTexts = labels.filter((x) => x.group === -1 && x.layer === layer).length;
    issues.push({
      severity: 'info',
      code: 'dxf-title-frame',
      file: file.name,
      message: {
        zh: `${file.name}：图层“${layer}”是图框（四角闭合外框围住其他全部图形），其中 ${nShapes} 条多段线、${nTexts} 处文字不作为地块或属性读取`,
        en: `${file.name}: layer "${layer}" is a title frame (图框: a four-cornered border around every other shape); its ${nShapes} polyline(s) and ${nTexts} text(s) were not read as plots or attributes`,
      },
    });
    for (const list of [shapes, labels] as { group: number; layer: string }[][]) {
      let w = 0;
      for (const x of list) if (!(x.group === -1 && x.layer === layer)) list[w++] = x;
      list.length = w;
    }
  }
  if (expanded > 0) {
    issues.push({ severity: 'info', code: 'dxf-blocks', file: file.name, message: { zh: `${file.name}：已展开 ${expanded} 处块引用（INSERT），块中的多段线和文字按插入点、比例和旋转放到图上`, en: `${file.name}: ${expanded} block insertion(s) (INSERT) expanded: the blocks' polylines and texts placed by insertion point, scale and rotation` } });
  }
  attachLabels(shapes, labels, file.name, issues);
  if (skipped.size > 0) {
    const list = [...skipped].map(([t, n]) => `${t} × ${n}`).join(', ');
    issues.push({ severity: 'info', code: 'dxf-skipped', file: file.name, message: { zh: `${file.name}：未读取的图元：${list}（只读取多段线和文字）`, en: `${file.name}: entities not read: ${list} (only polylines and texts are read)` } });
  }
  return { layers: toLayers(shapes, file.name, encoding), issues };
}

/** Block or layer names of a CAD title frame: 图框, 图签, 标题栏, 会签栏, title / frame / border, TK (图框's initials). */
const TITLE_FRAME_NAME = /图框|图签|标题栏|会签|title|frame|border|^tk(?:$|[\d_\-\s])/i;
/** Words of a title block's cells (图签): two or more in one block make it a title frame. */
const TITLE_BLOCK_WORDS = ['比例', '日期', '设计', '审核', '审定', '校对', '制图', '绘图', '图号', '图名', '批准', '工程名称', '项目名称', '专业负责'];

/**
 * The drawing's INSERTs that place a title frame (图框/图签) rather than plots: named so (block or
 * layer: {@link TITLE_FRAME_NAME}); or holding the words of a title block's cells (two or more of
 * {@link TITLE_BLOCK_WORDS}); or a border: closed outlines that are all four-cornered and the
 * largest of which holds every other shape of the drawing. A block of plots (宗地 drawn as blocks)
 * is none of these, and a plot that holds other plots is not four-cornered with nothing else.
 */
function titleFrames(inserts: { block: string; layer: string }[], shapes: Shape[], labels: Label[]): Set<number> {
  const out = new Set<number>();
  inserts.forEach((ins, g) => {
    if (TITLE_FRAME_NAME.test(ins.block) || TITLE_FRAME_NAME.test(ins.layer)) {
      out.add(g);
      return;
    }
    const words = new Set<string>();
    for (const l of labels) if (l.group === g) for (const w of TITLE_BLOCK_WORDS) if (l.text.replace(/\s+/g, '').includes(w)) words.add(w);
    if (words.size >= 2) {
      out.add(g);
      return;
    }
    const own = shapes.filter((s) => s.group === g && s.closed);
    const others = shapes.filter((s) => s.group !== g);
    if (own.length === 0 || others.length === 0 || !own.every((s) => s.points.length === 5)) return;
    const outer = own.reduce((a, b) => (b.area > a.area ? b : a));
    if (others.every((o) => o.points.every(([x, y]) => inside(x, y, outer.points)))) out.add(g);
  });
  return out;
}

/**
 * Layers of loose polylines (drawn outside blocks) that are a title frame: the layer is named as
 * one ({@link TITLE_FRAME_NAME}: 图框, TK, FRAME …), its closed outlines are all four-cornered, and
 * the largest holds every shape of the other layers (there must be some). A layer of another name
 * is never taken for a frame: a large plot around smaller ones looks the same, and the import
 * dialog lets the user leave a layer out.
 */
function looseTitleFrameLayers(shapes: Shape[]): string[] {
  const names = [...new Set(shapes.filter((s) => s.group === -1 && TITLE_FRAME_NAME.test(s.layer)).map((s) => s.layer))];
  return names.filter((layer) => {
    const own = shapes.filter((s) => s.group === -1 && s.layer === layer);
    const closed = own.filter((s) => s.closed);
    const others = shapes.filter((s) => !(s.group === -1 && s.layer === layer));
    if (closed.length === 0 || others.length === 0 || !closed.every((s) => s.points.length === 5)) return false;
    const outer = closed.reduce((a, b) => (b.area > a.area ? b : a));
    return others.every((o) => o.points.every(([x, y]) => inside(x, y, outer.points)));
  });
}

/** A block definition of the BLOCKS section: its base point and entities (in block coordinates). */
interface Block {
  base: [number, number];
  entities: Entity[];
}

/** The ENTITIES section's entities, and the blocks of the BLOCKS section by name. */
function entitiesOf(pairs: Pair[]): { entities: Entity[]; blocks: Map<string, Block> } {
  const out: Entity[] = [];
  const blocks = new Map<string, Block>();
  let block: Block | null = null;
  let section = '';
  let cur: Entity | null = null;
  const close = () => {
    if (!cur) return;
    if (section === 'ENTITIES') out.push(cur);
    else if (cur.type === 'BLOCK') {
      const name = str(cur, 2)?.trim();
      block = { base: [num(cur, 10) ?? 0, num(cur, 20) ?? 0], entities: [] };
      if (name) blocks.set(name, block);
    } else if (cur.type === 'ENDBLK') block = null;
    else if (block) (block as Block).entities.push(cur);
    cur = null;
  };
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i];
    if (p.code === 0) {
      const v = p.value.trim();
      close();
      if (v === 'SECTION') {
        section = pairs[i + 1]?.code === 2 ? pairs[i + 1].value.trim() : '';
        continue;
      }
      if (v === 'ENDSEC' || v === 'EOF') {
        section = '';
        block = null;
        continue;
      }
      if (section === 'ENTITIES') cur = { type: v, line: p.line, index: out.length, pairs: [] };
      else if (section === 'BLOCKS') cur = { type: v, line: p.line, index: block ? (block as Block).entities.length : 0, pairs: [] };
    } else if (cur) cur.pairs.push(p);
  }
  close();
  return { entities: out, blocks };
}

/** An affine map of block coordinates to drawing coordinates: x' = a·x + b·y + e, y' = c·x + d·y + f. */
type Xf = [number, number, number, number, number, number];

/** Block insertions nested deeper than this are not expanded (a block inserting itself would never end). */
const MAX_BLOCK_DEPTH = 8;

/** The map an INSERT applies to its block: base point to the insertion point, scaled (41/42) and rotated (50°). */
function insertXf(e: Entity, base: [number, number]): Xf {
  const sx = num(e, 41) ?? 1;
  const sy = num(e, 42) ?? 1;
  const r = ((num(e, 50) ?? 0) * Math.PI) / 180;
  const cos = Math.cos(r);
  const sin = Math.sin(r);
  const a = cos * sx, b = -sin * sy, c = sin * sx, d = cos * sy;
  const x = num(e, 10) ?? 0;
  const y = num(e, 20) ?? 0;
  return [a, b, c, d, x - a * base[0] - b * base[1], y - c * base[0] - d * base[1]];
}

/** `outer` after `inner` (a block inside a block). */
function compose(outer: Xf, inner: Xf): Xf {
  const [a, b, c, d, e, f] = outer;
  const [a2, b2, c2, d2, e2, f2] = inner;
  return [a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, a * e2 + b * f2 + e, c * e2 + d * f2 + f];
}

function apply(xf: Xf, x: number, y: number): [number, number] {
  return [xf[0] * x + xf[1] * y + xf[4], xf[2] * x + xf[3] * y + xf[5]];
}

function lwVertices(e: Entity): Vertex[] {
  const out: Vertex[] = [];
  for (const p of e.pairs) {
    const v = Number(p.value.trim());
    if (p.code === 10) out.push({ x: v, y: NaN, bulge: 0 });
    else if (p.code === 20 && out.length > 0) out[out.length - 1].y = v;
    else if (p.code === 42 && out.length > 0) out[out.length - 1].bulge = Number.isFinite(v) ? v : 0;
  }
  return out;
}

function attachLabels(shapes: Shape[], labels: Label[], file: string, issues: ForeignIssue[]): void {
  const polys = shapes.filter((s) => s.closed);
  let loose = 0;
  const index = polys.length > 0 ? new Flatbush(polys.length) : null;
  for (const s of polys) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const [x, y] of s.points) {
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    }
    index!.add(x0, y0, x1, y1);
  }
  index?.finish();
  for (const l of labels) {
    // the smallest plot holding the text (a plot drawn inside another takes its own labels)
    let home: Shape | null = null;
    for (const k of index ? index.search(l.x, l.y, l.x, l.y) : []) {
      const s = polys[k];
      if ((!home || s.area < home.area) && inside(l.x, l.y, s.points)) home = s;
    }
    if (!home) {
      loose++;
      continue;
    }
    const key = l.tag ?? (l.layer === home.layer || l.layer === '0' ? 'label' : l.layer);
    home.labels.push({ key, text: l.text });
  }
  if (loose > 0) {
    issues.push({ severity: 'info', code: 'dxf-loose-text', file, message: { zh: `${file}：${loose} 处文字不在任何闭合地块内，未作为属性`, en: `${file}: ${loose} text(s) lie inside no closed plot and were not attached` } });
  }
}

function toLayers(shapes: Shape[], file: string, encoding: string): ForeignLayer[] {
  const groups = new Map<string, Shape[]>();
  for (const s of shapes) {
    const key = `${s.closed ? 'P' : 'L'}\u0000${s.layer}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(s);
  }
  const layers: ForeignLayer[] = [];
  for (const [key, group] of groups) {
    const closed = key[0] === 'P';
    const layer = group[0].layer;
    const fields = ['layer', 'handle'];
    const rows = group.map((s) => {
      const props: Record<string, string | number | boolean | null> = { layer: s.layer, handle: s.handle };
      const count = new Map<string, number>();
      for (const l of s.labels) {
        const n = (count.get(l.key) ?? 0) + 1;
        count.set(l.key, n);
        const name = n === 1 ? l.key : `${l.key}_${n}`;
        props[name] = l.text;
        if (!fields.includes(name)) fields.push(name);
      }
      return props;
    });
    const features: ForeignFeature[] = group.map((s, i) => {
      const properties: Record<string, string | number | boolean | null> = {};
      for (const f of fields) properties[f] = rows[i][f] ?? null;
      return { type: 'Feature', geometry: closed ? { type: 'Polygon', coordinates: [s.points] } : { type: 'LineString', coordinates: s.points }, properties };
    });
    layers.push({ source: `${file}/${layer}`, name: closed ? layer : `${layer}（线）`, geometry: closed ? 'Polygon' : 'LineString', features, fields, crs: null, encoding });
  }
  return layers;
}

/** The DXF reader for the import step's registry. */
export const dxfReader: ForeignReader = {
  extensions: ['.dxf'],
  read: (files) => mergeResults(files.map((f) => readDxf(f))),
};
