import { strFromU8, unzipSync } from 'fflate';
import { readXlsx } from '../../layers/load/foreign/xlsx.ts';

/**
 * Throw unless `xml` is well-formed XML: one root element, every tag closed in order, attributes
 * quoted and unique, `&` only in known or numeric entities, no `<` in text or attribute values.
 * A strict little checker for tests (there is no XML parser among the dependencies).
 */
export function assertWellFormedXml(xml: string, what = 'xml'): void {
  const body = xml.replace(/^\uFEFF?<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const checkText = (t: string) => {
    if (/</.test(t)) throw new Error(`${what}: '<' in text or value: ${t.slice(0, 40)}`);
    const bad = t.match(/&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
    if (bad) throw new Error(`${what}: bare '&' in ${t.slice(0, 40)}`);
  };
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = lt < 0 ? body.slice(i) : body.slice(i, lt);
    checkText(text);
    if (text.trim() !== '' && stack.length === 0) throw new Error(`${what}: text outside the root element`);
    if (lt < 0) break;
    const gt = body.indexOf('>', lt);
    if (gt < 0) throw new Error(`${what}: unclosed tag at ${lt}`);
    const tag = body.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) throw new Error(`${what}: </${name}> closes <${open}>`);
      continue;
    }
    const self = tag.endsWith('/');
    const inner = self ? tag.slice(0, -1) : tag;
    let name: string;
    if (!inner.includes('=')) {
      // no attributes (most tags of a big sheet: <v>, <row …> aside): the name alone, same rule as below
      const m = /^([A-Za-z_][\w:.-]*)\s*$/.exec(inner);
      if (!m) throw new Error(`${what}: malformed tag <${tag.slice(0, 60)}>`);
      name = m[1];
    } else {
      const m = /^([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*"[^"]*")*)\s*$/.exec(inner);
      if (!m) throw new Error(`${what}: malformed tag <${tag.slice(0, 60)}>`);
      name = m[1];
      const names: string[] = [];
      for (const a of m[2].matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*"([^"]*)"/g)) {
        checkText(a[2]);
        if (names.includes(a[1])) throw new Error(`${what}: repeated attribute in <${name}>`);
        names.push(a[1]);
      }
    }
    if (stack.length === 0) roots++;
    if (!self) stack.push(name);
  }
  if (stack.length > 0) throw new Error(`${what}: <${stack[stack.length - 1]}> is never closed`);
  if (roots !== 1) throw new Error(`${what}: ${roots} root elements`);
}

/** A cell as stored: its type attribute (`null` for a number) and its `<v>` text. */
export interface StoredCell {
  t: string | null;
  v: string;
}

/**
 * Open an .xlsx independently of the writer: unzip with fflate, check every XML part is
 * well-formed, read the sheets with the app's own ledger reader, and list each sheet's stored
 * cells by reference (so a test can see that a number is stored as a number).
 */
export function openXlsx(bytes: Uint8Array): { sheets: { name: string; rows: string[][]; cells: Map<string, StoredCell>; xml: string }[]; parts: Record<string, string> } {
  const zip = unzipSync(bytes);
  const parts: Record<string, string> = {};
  for (const [name, data] of Object.entries(zip)) {
    parts[name] = strFromU8(data);
    if (name.endsWith('.xml') || name.endsWith('.rels')) assertWellFormedXml(parts[name], name);
  }
  for (const need of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml']) {
    if (!(need in parts)) throw new Error(`xlsx lacks ${need}`);
  }
  const read = readXlsx(bytes);
  const sheets = read.map((s, k) => {
    const xml = parts[`xl/worksheets/sheet${k + 1}.xml`];
    let cells: Map<string, StoredCell> | undefined;
    return {
      name: s.name,
      rows: s.rows,
      xml,
      // listed on first use: a test reads a few cells of one sheet, and a 188k-row sheet has ~1.4M
      get cells(): Map<string, StoredCell> {
        if (cells) return cells;
        cells = new Map();
        for (const c of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>([\s\S]*?)<\/c>/g)) {
          const t = /\bt="([^"]*)"/.exec(c[2]);
          cells.set(c[1], { t: t ? t[1] : null, v: /<v>([\s\S]*?)<\/v>/.exec(c[3])?.[1] ?? '' });
        }
        return cells;
      },
    };
  });
  return { sheets, parts };
}
