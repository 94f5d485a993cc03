import type { I18nText } from '../../types.ts';

/** A document that cannot be read as XML; `at` is the character offset of the problem. */
export class XmlError extends Error {
  constructor(
    readonly reason: I18nText,
    readonly at: number,
  ) {
    super(reason.en);
    this.name = 'XmlError';
  }
}

/** Callbacks of {@link scanXml}; names are as written (with any `gx:` prefix). */
export interface XmlHandler {
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  /** Character data between tags with the entities decoded; CDATA as written. */
  text(s: string): void;
}

/** Limits of {@link scanXml}. */
export interface XmlLimits {
  /** Deepest element nesting accepted. */
  maxDepth: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decode the five predefined XML entities and numeric character references; any other `&name;`
 * is left as written (no entity is ever defined, so nothing can expand).
 */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (_m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e];
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  });
}

function parseAttrs(body: string, at: number): Record<string, string> {
  // Attributes go into a prototype-less record, so a name such as __proto__ is only a key.
  const out: Record<string, string> = Object.create(null);
  let p = 0;
  const n = body.length;
  while (p < n) {
    while (p < n && isSpace(body.charCodeAt(p))) p++;
    const start = p;
    while (p < n && body[p] !== '=' && !isSpace(body.charCodeAt(p))) p++;
    const name = body.slice(start, p);
    while (p < n && isSpace(body.charCodeAt(p))) p++;
    if (body[p] !== '=') {
      if (name) throw new XmlError({ zh: `第 ${at} 个字符处的属性“${name.slice(0, 40)}”没有值`, en: `the attribute "${name.slice(0, 40)}" at character ${at} has no value` }, at);
      break;
    }
    p++;
    while (p < n && isSpace(body.charCodeAt(p))) p++;
    const q = body[p];
    if (q !== '"' && q !== "'") throw new XmlError({ zh: `第 ${at} 个字符处的属性值没有引号`, en: `an attribute value at character ${at} is not quoted` }, at);
    const end = body.indexOf(q, p + 1);
    if (end < 0) throw new XmlError({ zh: `第 ${at} 个字符处的属性值没有结束`, en: `an attribute value at character ${at} is never closed` }, at);
    out[name] = decodeEntities(body.slice(p + 1, end));
    p = end + 1;
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Where {@link tokenizeXml} stopped: a construct that is never closed, or a DOCTYPE. */
export type XmlBreak = 'cdata' | 'comment' | 'pi' | 'tag' | 'doctype';

/** Callbacks of {@link tokenizeXml}: names as written, attributes as their raw text. */
export interface XmlTokens {
  open(name: string, attrs: string, selfClosing: boolean, at: number): void;
  close(name: string, at: number): void;
  /** Character data as written (entities not decoded), or a CDATA section's content (`cdata`). */
  text?(raw: string, cdata: boolean): void;
  /** When given, text is cut out only while it returns true (a reader skipping what it ignores). */
  wantText?(): boolean;
}

/**
 * The one XML tokenizer of the readers (KML, and the XLSX parts): a single forward pass in which
 * every character is looked at a bounded number of times, so the time is linear in the text
 * whatever its shape (unclosed tags, stray quotes). No recursion, no stack: the callers keep the
 * state they need (nesting, names). A DOCTYPE stops it (no entity can be defined, so none can
 * expand), as does a tag, comment, CDATA section or processing instruction that is never closed:
 * `fail` is called with what and where, and must throw the caller's own error.
 */
export function tokenizeXml(xml: string, t: XmlTokens, fail: (what: XmlBreak, at: number) => never): void {
  const n = xml.length;
  const wantsText = (): boolean => t.text !== undefined && (t.wantText === undefined || t.wantText());
  let i = 0;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i && wantsText()) t.text!(xml.slice(i, textEnd), false);
    if (lt < 0) break;
    const c = xml.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      if (xml.startsWith('<![CDATA[', lt)) {
        const e = xml.indexOf(']]>', lt + 9);
        if (e < 0) fail('cdata', lt);
        if (wantsText()) t.text!(xml.slice(lt + 9, e), true);
        i = e + 3;
        continue;
      }
      if (xml.startsWith('<!--', lt)) {
        const e = xml.indexOf('-->', lt + 4);
        if (e < 0) fail('comment', lt);
        i = e + 3;
        continue;
      }
      fail('doctype', lt);
    }
    if (c === 63 /* ? */) {
      const e = xml.indexOf('?>', lt + 2);
      if (e < 0) fail('pi', lt);
      i = e + 2;
      continue;
    }
    // The tag ends at the first '>' outside a quoted attribute value.
    let j = lt + 1;
    let quote = 0;
    for (; j < n; j++) {
      const ch = xml.charCodeAt(j);
      if (quote !== 0) {
        if (ch === quote) quote = 0;
      } else if (ch === 34 || ch === 39) quote = ch;
      else if (ch === 62) break;
    }
    if (j >= n) fail('tag', lt);
    i = j + 1;
    if (c === 47 /* / */) {
      t.close(xml.slice(lt + 2, j).trim(), lt);
      continue;
    }
    const selfClosing = xml.charCodeAt(j - 1) === 47;
    const end = selfClosing ? j - 1 : j;
    let k = lt + 1;
    while (k < end && !isSpace(xml.charCodeAt(k))) k++;
    t.open(xml.slice(lt + 1, k), xml.slice(k, end), selfClosing, lt);
  }
}

const CUT_ZH: Record<Exclude<XmlBreak, 'doctype'>, string> = { cdata: ' CDATA 段', comment: '注释', pi: '处理指令', tag: '标签' };
const CUT_EN: Record<Exclude<XmlBreak, 'doctype'>, string> = { cdata: 'CDATA section', comment: 'comment', pi: 'processing instruction', tag: 'tag' };

/**
 * The KML reader's pass over an XML text ({@link tokenizeXml}, linear in its length whatever its
 * shape) with attributes parsed and nesting checked: nesting deeper than `maxDepth` is refused, an
 * end tag must match its start, and a DOCTYPE or anything never closed is an {@link XmlError} with
 * the character offset.
 */
export function scanXml(xml: string, h: XmlHandler, limits: XmlLimits): void {
  const stack: string[] = [];
  tokenizeXml(
    xml,
    {
      open(name, attrs, selfClosing, at) {
        const parsed = parseAttrs(attrs, at);
        if (!selfClosing) {
          stack.push(name);
          if (stack.length > limits.maxDepth) {
            throw new XmlError({ zh: `第 ${at} 个字符处元素嵌套超过 ${limits.maxDepth} 层，不予读取`, en: `elements nest deeper than ${limits.maxDepth} levels at character ${at}; refused` }, at);
          }
        }
        h.open(name, parsed, selfClosing);
        if (selfClosing) h.close(name);
      },
      close(name, at) {
        const top = stack.pop();
        if (top !== name) {
          throw new XmlError(
            { zh: `第 ${at} 个字符处的结束标签 </${name.slice(0, 40)}> 与开始标签 <${(top ?? '').slice(0, 40)}> 不匹配`, en: `the end tag </${name.slice(0, 40)}> at character ${at} does not match <${(top ?? '').slice(0, 40)}>` },
            at,
          );
        }
        h.close(name);
      },
      text(raw, cdata) {
        h.text(cdata ? raw : decodeEntities(raw));
      },
    },
    (what, at) => {
      if (what === 'doctype') {
        throw new XmlError(
          { zh: `第 ${at} 个字符处有 DOCTYPE/实体声明；KML 不需要它，为防止“实体炸弹”不予读取`, en: `a DOCTYPE or entity declaration at character ${at}; KML never needs one and it is refused (entity-expansion bomb)` },
          at,
        );
      }
      throw new XmlError({ zh: `第 ${at} 个字符处的${CUT_ZH[what]}没有结束（文件被截断或已损坏）`, en: `the ${CUT_EN[what]} at character ${at} is never closed (the file is cut off or damaged)` }, at);
    },
  );
  if (stack.length > 0) {
    throw new XmlError(
      { zh: `文件在 ${stack.length} 个元素（最内层 <${stack[stack.length - 1].slice(0, 40)}>）结束之前就结束了（文件被截断或已损坏）`, en: `the file ends with ${stack.length} element(s) still open (innermost <${stack[stack.length - 1].slice(0, 40)}>): cut off or damaged` },
      xml.length,
    );
  }
}

/**
 * Decode XML bytes: UTF-16 by its byte-order mark, or by a first `<` beside a zero byte (as the XML
 * specification's appendix F detects it; Windows tools save "Unicode" text so); the encoding named
 * in the XML declaration when it is GBK, GB2312 or GB18030 (read as GB18030, which covers both),
 * otherwise UTF-8 (a UTF-8 BOM is dropped); bytes that are not valid UTF-8 in a file that says (or
 * implies) UTF-8 are read as GB18030 and `fellBack` is set.
 */
export function decodeXmlBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be'; fellBack?: boolean } {
  // a UTF-16 KML was read as GB18030, said to be "declared UTF-8", and refused as broken XML
  const [b0, b1] = [bytes[0], bytes[1]];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0x3c && b1 === 0x00)) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0x00 && b1 === 0x3c)) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const m = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.-]+)["']/.exec(head);
  const declared = m ? m[1].toLowerCase() : 'utf-8';
  if (declared === 'gbk' || declared === 'gb2312' || declared === 'gb18030' || declared === 'cp936') {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030', fellBack: true };
  }
}
