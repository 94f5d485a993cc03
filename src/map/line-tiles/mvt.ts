/**
 * A small Mapbox Vector Tile (MVT 2.1, protobuf) writer for one layer of line features: what
 * {@link ./line-index.ts} cuts is encoded here and decoded by MapLibre's worker like any vector
 * tile. Written by hand (varints, zigzag, length-delimited messages) so the app does not depend on
 * a protobuf library; tests decode its output with @mapbox/vector-tile.
 *
 * Spec: https://github.com/mapbox/vector-tile-spec/tree/master/2.1 — Tile { layers = 3 };
 * Layer { version = 15, name = 1, features = 2, keys = 3, values = 4, extent = 5 };
 * Feature { id = 1, tags = 2 (packed), type = 3, geometry = 4 (packed) };
 * Value { string = 1, double = 3, uint = 5, sint = 6, bool = 7 }.
 */

/** A property value a tile can carry. */
export type TileValue = string | number | boolean;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;

const CMD_MOVE_TO = 1;
const CMD_LINE_TO = 2;
/** Feature geometry type LINESTRING. */
const GEOM_LINESTRING = 2;

const utf8 = new TextEncoder();

/** A growing byte buffer with the protobuf primitives the tile needs. */
export class PbfWriter {
  buf: Uint8Array;
  pos = 0;
  private view: DataView;

  constructor(size = 1024) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** An unsigned varint (0 … 2^53). */
  varint(v: number): void {
    this.ensure(10);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  double(field: number, v: number): void {
    this.key(field, WIRE_FIXED64);
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  string(field: number, s: string): void {
    const bytes = utf8.encode(s);
    this.key(field, WIRE_BYTES);
    this.varint(bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /**
   * A length-delimited field whose body `write` appends. One byte is reserved for the length;
   * a longer body is moved up to make room for a longer varint.
   */
  message(field: number, write: () => void): void {
    this.key(field, WIRE_BYTES);
    this.ensure(1);
    const start = ++this.pos;
    write();
    const len = this.pos - start;
    const extra = len < 0x80 ? 0 : len < 0x4000 ? 1 : len < 0x200000 ? 2 : len < 0x10000000 ? 3 : 4;
    if (extra) {
      this.ensure(extra);
      this.buf.copyWithin(start + extra, start, this.pos);
      this.pos += extra;
    }
    let p = start - 1;
    let v = len;
    while (v >= 0x80) {
      this.buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[p] = v;
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

const zigzag = (n: number): number => (n < 0 ? -2 * n - 1 : 2 * n);

/** One line feature of a tile: integer tile coordinates `[x0, y0, x1, y1, …]` per part. */
export interface TileLine {
  id: number;
  parts: Int32Array[];
  /** Property pairs: index in the layer's `keys`, index in its `values`. */
  tags: ArrayLike<number>;
}

/** A tile's one layer: its name, extent, and the key and value tables the features' tags point into. */
export interface TileLayer {
  name: string;
  extent: number;
  keys: readonly string[];
  values: readonly TileValue[];
}

/**
 * Encodes one MVT layer of line features as a whole tile.
 * @example
 * encodeLineTile({ name: 'lines', extent: 4096, keys: ['class'], values: ['primary'] }, [{ id: 7, parts: [Int32Array.of(0, 0, 10, 0)], tags: [0, 0] }])
 * // a Uint8Array that @mapbox/vector-tile reads back as one LineString, id 7, { class: 'primary' }
 */
export function encodeLineTile(layer: TileLayer, features: readonly TileLine[]): Uint8Array {
  const w = new PbfWriter(256 + features.length * 24);
  w.message(3, () => {
    w.key(15, WIRE_VARINT);
    w.varint(2);
    w.string(1, layer.name);
    for (const f of features) {
      w.message(2, () => {
        w.key(1, WIRE_VARINT);
        w.varint(f.id);
        if (f.tags.length) {
          w.message(2, () => {
            for (let i = 0; i < f.tags.length; i++) w.varint(f.tags[i]);
          });
        }
        w.key(3, WIRE_VARINT);
        w.varint(GEOM_LINESTRING);
        w.message(4, () => {
          let cx = 0;
          let cy = 0;
          for (const p of f.parts) {
            const n = p.length / 2;
            w.varint(CMD_MOVE_TO | (1 << 3));
            w.varint(zigzag(p[0] - cx));
            w.varint(zigzag(p[1] - cy));
            w.varint(CMD_LINE_TO | ((n - 1) << 3));
            for (let i = 1; i < n; i++) {
              w.varint(zigzag(p[2 * i] - p[2 * i - 2]));
              w.varint(zigzag(p[2 * i + 1] - p[2 * i - 1]));
            }
            cx = p[2 * n - 2];
            cy = p[2 * n - 1];
          }
        });
      });
    }
    for (const k of layer.keys) w.string(3, k);
    for (const v of layer.values) {
      w.message(4, () => {
        if (typeof v === 'string') w.string(1, v);
        else if (typeof v === 'boolean') {
          w.key(7, WIRE_VARINT);
          w.varint(v ? 1 : 0);
        } else if (Number.isSafeInteger(v) && v >= 0) {
          w.key(5, WIRE_VARINT);
          w.varint(v);
        } else if (Number.isSafeInteger(v)) {
          w.key(6, WIRE_VARINT);
          w.varint(zigzag(v));
        } else w.double(3, v);
      });
    }
    w.key(5, WIRE_VARINT);
    w.varint(layer.extent);
  });
  return w.finish();
}
