import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { csvCell, type CsvOptions, type CsvValue } from '../analysis/csv-export.ts';

/** Text is handed to the file stream in pieces of about this many characters. */
const CHUNK_CHARS = 1 << 16;

/** The temporary name a file is written under until it is complete (renamed on close). */
export function partialName(name: string): string {
  return `.${name}.partial`;
}

/**
 * A file written as a stream of text pieces, with back-pressure: `write` waits for the disk when
 * the stream's buffer is full, so memory stays bounded whatever the file's size. The text goes to
 * `.<name>.partial` beside the target and is renamed over it by {@link StreamFile.close}, so a run
 * that dies mid-write leaves the previous file (or none), never a truncated one.
 */
export class StreamFile {
  private pending: string[] = [];
  private pendingChars = 0;
  private failure: Error | null = null;
  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (err) => {
      this.failure ??= err;
    });
  }

  /** Open `path` for writing (its folder is created when missing). */
  static async open(path: string): Promise<StreamFile> {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = join(dirname(path), partialName(basename(path)));
    const stream = createWriteStream(tmp, { encoding: 'utf8' });
    await once(stream, 'open');
    return new StreamFile(path, tmp, stream);
  }

  /** Append text; resolves at once unless the buffer is full, then when the disk has caught up. */
  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pendingChars === 0 && this.pending.length === 0) return;
    const chunk = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    if (this.failure) throw this.failure;
  }

  /** Write what is pending, close the file and move it to its name. */
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    if (!this.stream.closed) await once(this.stream, 'close');
    if (this.failure) throw this.failure;
    renameSync(this.tmp, this.path);
  }

  /** Give up: close and delete the partial file (the target is left as it was). */
  abort(): void {
    this.stream.destroy();
    rmSync(this.tmp, { force: true });
  }
}

/** Run `body` on a {@link StreamFile} at `path`; the file appears only when `body` succeeds. */
export async function withStreamFile(path: string, body: (f: StreamFile) => Promise<void>): Promise<void> {
  const f = await StreamFile.open(path);
  try {
    await body(f);
    await f.close();
  } catch (err) {
    f.abort();
    throw err;
  }
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null && !(v instanceof Number || v instanceof String || v instanceof Boolean);

/** The value JSON.stringify would write for `v` under `key` (after `toJSON`), or undefined when it would leave it out. */
function jsonValue(v: unknown, key: string): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(k: string): unknown }).toJSON(key);
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  return v;
}

/**
 * The text of `JSON.stringify(value, null, indent)` as a sequence of pieces, so a document larger
 * than a JavaScript string can hold (≈ 512 MB) can still be written. Objects are walked key by key
 * and arrays element by element; each array element is written with one `JSON.stringify`, so no
 * single piece is larger than one element (one GeoJSON feature). Same bytes as JSON.stringify,
 * including `toJSON`, left-out `undefined`/functions and `null` for non-finite numbers.
 *
 * @param value - any JSON-serialisable value
 * @param indent - spaces per level, as JSON.stringify's third argument (0 = compact)
 * @example [...jsonPieces({ a: [1, 2] })].join('') === JSON.stringify({ a: [1, 2] })
 */
export function* jsonPieces(value: unknown, indent = 0): Generator<string> {
  const v = jsonValue(value, '');
  if (v === undefined) return;
  yield* pieces(v, indent, 0);
}

function* pieces(v: unknown, indent: number, depth: number): Generator<string> {
  if (!isContainer(v)) {
    yield JSON.stringify(v);
    return;
  }
  const nl = indent > 0 ? `\n${' '.repeat(indent * (depth + 1))}` : '';
  const close = indent > 0 ? `\n${' '.repeat(indent * depth)}` : '';
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < v.length; i++) {
      const e = jsonValue(v[i], String(i));
      const text = e === undefined ? 'null' : JSON.stringify(e, null, indent);
      yield `${i > 0 ? ',' : ''}${nl}${indent > 0 ? text.replace(/\n/g, nl) : text}`;
    }
    yield `${close}]`;
    return;
  }
  let first = true;
  for (const k of Object.keys(v)) {
    const e = jsonValue((v as Record<string, unknown>)[k], k);
    if (e === undefined) continue;
    yield `${first ? '{' : ','}${nl}${JSON.stringify(k)}:${indent > 0 ? ' ' : ''}`;
    first = false;
    yield* pieces(e, indent, depth + 1);
  }
  yield first ? '{}' : `${close}}`;
}

/**
 * Write `value` as JSON (bytes identical to `JSON.stringify(value, null, indent)`) through a
 * stream, without building the whole text.
 */
export async function writeJsonFile(path: string, value: unknown, indent = 0): Promise<void> {
  await withStreamFile(path, async (f) => {
    for (const p of jsonPieces(value, indent)) await f.write(p);
  });
}

/**
 * Write a GeoJSON FeatureCollection from features produced one at a time (a generator over the
 * result's typed arrays), so the collection never exists in memory. The bytes are those of
 * `JSON.stringify({ type: 'FeatureCollection', features: [...features] })`.
 * @returns the number of features written
 */
export async function writeFeatureCollection(path: string, features: Iterable<unknown>): Promise<number> {
  let n = 0;
  await withStreamFile(path, async (f) => {
    await f.write('{"type":"FeatureCollection","features":[');
    for (const feature of features) {
      await f.write(n > 0 ? `,${JSON.stringify(feature)}` : JSON.stringify(feature));
      n++;
    }
    await f.write(']}');
  });
  return n;
}

/**
 * Write a CSV table row by row: the same bytes as {@link toCsv} (UTF-8 with BOM, CRLF,
 * formula-injection safe) without building the whole text.
 * @returns the number of data rows written
 */
export async function writeCsvFile(path: string, header: readonly string[], rows: Iterable<readonly CsvValue[]>, options: CsvOptions = {}): Promise<number> {
  if (!Array.isArray(header) || header.length === 0) throw new Error('writeCsvFile: header must be a non-empty array');
  const nl = options.newline ?? '\r\n';
  let n = 0;
  await withStreamFile(path, async (f) => {
    if (options.bom ?? true) await f.write('\uFEFF');
    await f.write(header.map(csvCell).join(',') + nl);
    for (const row of rows) {
      n++;
      if (row.length !== header.length) throw new Error(`writeCsvFile: row ${n + 1} has ${row.length} cells, header has ${header.length}`);
      await f.write(row.map(csvCell).join(',') + nl);
    }
  });
  return n;
}

/** Write a small text file the same way (temporary name, renamed when complete). */
export async function writeTextFile(path: string, text: string): Promise<void> {
  await withStreamFile(path, (f) => f.write(text));
}

/** One output file: a JSON value, a FeatureCollection given feature by feature, a CSV table or text. */
export type OutputSpec =
  | { json: unknown; indent?: number }
  | { features: Iterable<unknown> }
  | { csv: readonly string[]; rows: Iterable<readonly CsvValue[]> }
  | { text: string };

/**
 * Write the output files of a command into `dir` (created if needed), each streamed to disk.
 * @returns the file names written, in order
 * @example await writeOutputs('out/hydrants', { 'hydrants.json': { json, indent: 2 }, 'hydrant-gaps.csv': { csv: header, rows } });
 */
export async function writeOutputs(dir: string, files: Record<string, OutputSpec>): Promise<string[]> {
  for (const [name, spec] of Object.entries(files)) {
    const path = join(dir, name);
    if ('json' in spec) await writeJsonFile(path, spec.json, spec.indent ?? 0);
    else if ('features' in spec) await writeFeatureCollection(path, spec.features);
    else if ('csv' in spec) await writeCsvFile(path, spec.csv, spec.rows);
    else await writeTextFile(path, spec.text);
  }
  return Object.keys(files);
}
