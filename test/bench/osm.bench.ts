// OSM import benchmark: osmToProject (two passes: wanted ways and tagged nodes, then the
// coordinates of referenced nodes only) and loadProject of a .osm.pbf, on the two committed
// extracts, against the floor of any PBF reader: inflating every block with fflate and nothing
// else. Run: `npm run bench -- osm`.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unzlibSync } from 'fflate';
import { osmToProject } from '../../analysis/osm-to-project.ts';
import { scanOsmPbf } from '../../analysis/osm-pbf.ts';
import { loadProject } from '../../layers/load/index.ts';
import { medianMs, peakMemoryMb, report, type BenchRow } from './util.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Baseline: walk the blocks and inflate each one (no protobuf decoding at all). */
function inflateOnly(bytes: Uint8Array): number {
  let pos = 0, total = 0;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (pos < bytes.length) {
    const hl = dv.getUint32(pos);
    pos += 4;
    // datasize is the last varint of the BlobHeader (field 3)
    const h = bytes.subarray(pos, pos + hl);
    let i = h.lastIndexOf(0x18) + 1, size = 0, mul = 1;
    for (;;) { const b = h[i++]; size += (b & 0x7f) * mul; mul *= 128; if (b < 0x80) break; }
    pos += hl;
    const blob = bytes.subarray(pos, pos + size);
    // Blob: field 2 raw_size varint, field 3 zlib_data
    let j = 0, raw = 0;
    while (j < blob.length) {
      const key = blob[j++];
      let v = 0, m = 1;
      for (;;) { const b = blob[j++]; v += (b & 0x7f) * m; m *= 128; if (b < 0x80) break; }
      if (key === 0x10) raw = v;
      else if (key === 0x1a) { total += unzlibSync(blob.subarray(j, j + v), { out: new Uint8Array(raw) }).length; j += v; }
      else if (key === 0x0a) { total += v; j += v; }
    }
    pos += size;
  }
  return total;
}

const rows: BenchRow[] = [];
for (const name of ['monaco.osm.pbf', 'liechtenstein-2013-08-03.osm.pbf']) {
  const b = readFileSync(resolve(ROOT, 'test/fixtures/osm', name));
  const bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  const mb = (bytes.length / 1048576).toFixed(1);
  const base = await medianMs(() => inflateOnly(bytes), RUNS);
  const scan = await medianMs(() => scanOsmPbf(bytes, { node() {}, way() {} }), RUNS);
  rows.push({ name: `${name} (${mb} MB): one full scan, every node and way decoded`, ms: scan, baselineMs: base, baselineNote: 'inflate every block only' });
  const conv = await medianMs(() => osmToProject(bytes), RUNS);
  const { result, peakMb } = await peakMemoryMb(() => osmToProject(bytes));
  const c = result.report.counts;
  rows.push({ name: `${name}: osmToProject (2 passes)`, ms: conv, peakMb, baselineMs: base, baselineNote: 'inflate every block only', note: `${c.nodes} nodes, ${c.ways} ways → ${c.roads} roads, ${c.fireStations} stations` });
  const load = await medianMs(() => loadProject([{ name, bytes }]), RUNS);
  rows.push({ name: `${name}: loadProject (convert + validate)`, ms: load, baselineMs: base, baselineNote: 'inflate every block only' });
}
report('osm', rows);
