import { MAX_JSON_DEPTH, plainJsonKeys } from './json.ts';

/** Features text parsed at a time while a file arrives (characters). */
const BATCH_CHARS = 256 * 1024;
/** Text before the `features` array looked through for it (characters); a file that puts more first is read whole. */
const MAX_HEAD_CHARS = 1024 * 1024;

/**
 * A GeoJSON FeatureCollection parsed as its bytes arrive: the `features` array is cut at its
 * top-level commas and each batch of whole features handed to JSON.parse while the rest downloads,
 * so little is left to parse once the last byte is in. Only for plain files: UTF-8 without a byte
 * order mark, JSON, no key repeated in an object, no deeper than {@link MAX_JSON_DEPTH}; anything
 * else (another encoding, a syntax error, NaN, a repeated key, no `features` array near the start)
 * makes {@link end} give null, and the file is then read as a whole as before, with its messages.
 * For those plain files the value is the one JSON.parse gives of the whole text.
 * @example
 * const s = new GeoJsonStream();
 * for (const chunk of chunks) s.push(chunk);
 * const root = s.end(); // { type: 'FeatureCollection', features: [...] } or null
 */
export class GeoJsonStream {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private failed = false;
  private started = false;
  private phase: 'head' | 'features' | 'tail' = 'head';
  /** Text up to and including the `[` of the features array (in 'head': all text so far). */
  private head = '';
  /** Head scanner: nesting, inside a string, after a backslash, start of the last string, and the string just read at depth 1. */
  private hDepth = 0;
  private hString = false;
  private hEscape = false;
  private hStringStart = -1;
  private hKey: string | null = null;
  /** Features text from the current batch's start (all scanned); `cut` is its last top-level comma. */
  private buf = '';
  private cut = -1;
  private depth = 0;
  private inString = false;
  private escape = false;
  private commas = 0;
  private readonly features: unknown[] = [];
  /** Text after the features array's `]`. */
  private tail = '';

  /** The next bytes of the file. */
  push(bytes: Uint8Array): void {
    if (this.failed) return;
    if (!this.started && bytes.length > 0) {
      this.started = true;
      // a byte order mark (UTF-8 or UTF-16) or anything but '{' first: the whole-file reader decides
      if (bytes[0] !== 0x7b) return this.fail();
    }
    try {
      this.take(this.decoder.decode(bytes, { stream: true }));
    } catch {
      this.fail();
    }
  }

  /** The file's JSON value once every byte was pushed, or null when it must be read as a whole. */
  end(): unknown {
    if (this.failed) return null;
    try {
      this.take(this.decoder.decode());
      if (this.phase !== 'tail') return null;
      if (this.features.length !== (this.features.length === 0 ? 0 : this.commas + 1)) return null;
      if (this.features.length === 0 && this.commas > 0) return null;
      const skeleton = `${this.head}]${this.tail}`;
      const root = JSON.parse(skeleton) as Record<string, unknown>;
      if (!plainJsonKeys(skeleton) || !Array.isArray(root.features) || root.features.length !== 0) return null;
      root.features = this.features;
      return root;
    } catch {
      return null;
    } finally {
      this.failed = true;
    }
  }

  private fail(): void {
    this.failed = true;
    this.head = this.buf = this.tail = '';
    this.features.length = 0;
  }

  private take(s: string): void {
    if (this.failed || s.length === 0) return;
    if (this.phase === 'head') return this.scanHead(s);
    if (this.phase === 'features') return this.scanFeatures(s);
    this.tail += s;
  }

  /** Looks for `"features": [` at the root's level in the next text `s`; the text after it goes to the features. */
  private scanHead(s: string): void {
    // only the new text is scanned (a string read char by char after each `+=` would be copied whole every time)
    const base = this.head.length;
    this.head += s;
    for (let j = 0; j < s.length; j++) {
      const c = s.charCodeAt(j);
      const i = base + j;
      if (this.hString) {
        if (this.hEscape) this.hEscape = false;
        else if (c === 92) this.hEscape = true;
        else if (c === 34) {
          this.hString = false;
          if (this.hDepth === 1) this.hKey = this.head.slice(this.hStringStart + 1, i);
        }
        continue;
      }
      if (c === 34) {
        this.hString = true;
        this.hStringStart = i;
      } else if (c === 123 || c === 91) {
        // the `[` of the features array: what follows is features text
        if (c === 91 && this.hDepth === 1 && this.hKey === 'features' && /^[ \t\r\n]*:[ \t\r\n]*$/.test(this.head.slice(this.hStringStart + 10, i))) {
          this.head = this.head.slice(0, i + 1);
          this.phase = 'features';
          return this.take(s.slice(j + 1));
        }
        this.hDepth++;
      } else if (c === 125 || c === 93) this.hDepth--;
      else if (c === 44) this.hKey = null;
    }
    if (this.head.length > MAX_HEAD_CHARS) this.fail();
  }

  /** Scans the next features text `s` for top-level commas and the array's end; parses whole batches. */
  private scanFeatures(s: string): void {
    const base = this.buf.length;
    this.buf += s;
    for (let j = 0; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        if (this.depth === 0) {
          // the features array's `]`
          this.batch(this.buf.slice(0, base + j), this.commas === 0);
          this.buf = '';
          this.phase = 'tail';
          this.take(s.slice(j + 1));
          return;
        }
        this.depth--;
      } else if (c === 44 && this.depth === 0) {
        this.cut = base + j;
        this.commas++;
      }
    }
    if (this.cut >= BATCH_CHARS) {
      this.batch(this.buf.slice(0, this.cut), false);
      this.buf = this.buf.slice(this.cut + 1);
      this.cut = -1;
    }
  }

  /** Parses whole features (`text` between top-level commas); `empty`: the array's only text, which may be blank. */
  private batch(text: string, empty: boolean): void {
    if (this.failed) return;
    if (!empty && text.trim() === '') return this.fail();
    const wrapped = `[${text}]`;
    const part = JSON.parse(wrapped) as unknown[];
    // the batch's array stands for the features array, inside the root object: one level more
    if (!plainJsonKeys(wrapped, 1)) return this.fail();
    for (let k = 0; k < part.length; k++) this.features.push(part[k]);
  }
}
