// KML/KMZ, DXF and 界址点 readers on generated files growing ×4 (a 奥维 export of points with
// ExtendedData, a CAD drawing of plots each with a label, a boundary-point table). The ratio of
// each step's time to the previous one is ≈ 4 for a linear reader. Run: `npm run bench -- kml-dxf`
// (BENCH_COUNTS=2000,8000 for other sizes). Last run (2 shared cores, other jobs running): 32,000
// placemarks 1.4 s; 32,000 DXF plots with labels (5.4 MB) 2.5 s; 32,000 界址点 plots (2.8 MB) 2.6 s;
// ×2–3 per ×4 step. Labels are matched to plots through a Flatbush index (it was quadratic: 8,000
// plots took 10.5 s).
import { strToU8, zipSync } from 'fflate';
import { readKml } from '../../layers/load/foreign/kml.ts';
import { readDxf } from '../../layers/load/foreign/dxf.ts';
import { readBoundaryPoints } from '../../layers/load/foreign/boundary-points.ts';
import { report, type BenchRow } from './util.ts';

const COUNTS = (process.env.BENCH_COUNTS ?? '2000,8000,32000').split(',').map(Number);

function kmz(n: number): Uint8Array {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>消防栓</name>'];
  for (let i = 0; i < n; i++) {
    parts.push(
      `<Placemark><name>${i}号消防栓</name><ExtendedData><Data name="编号"><value>XF-${i}</value></Data><Data name="状态"><value>完好</value></Data></ExtendedData><Point><coordinates>${114 + (i % 1000) * 1e-4},${30 + Math.floor(i / 1000) * 1e-4},0</coordinates></Point></Placemark>`,
    );
  }
  parts.push('</Folder></Document></kml>');
  return zipSync({ 'doc.kml': strToU8(parts.join('')) }, { level: 1 });
}

function dxf(n: number): Uint8Array {
  const parts = ['0\nSECTION\n2\nENTITIES\n'];
  for (let i = 0; i < n; i++) {
    const x = 38500000 + (i % 300) * 120;
    const y = 3300000 + Math.floor(i / 300) * 120;
    parts.push(`0\nLWPOLYLINE\n5\n${i.toString(16)}\n8\n宗地\n70\n1\n10\n${x}\n20\n${y}\n10\n${x + 100}\n20\n${y}\n10\n${x + 100}\n20\n${y + 100}\n10\n${x}\n20\n${y + 100}\n`);
    parts.push(`0\nTEXT\n8\n宗地号\n10\n${x + 50}\n20\n${y + 50}\n1\nDK-${i}\n`);
  }
  parts.push('0\nENDSEC\n0\nEOF\n');
  return strToU8(parts.join(''));
}

function table(n: number): Uint8Array {
  const parts = ['地块编号,点号,X,Y\n'];
  for (let i = 0; i < n; i++) {
    const e = 38500000 + (i % 300) * 120;
    const nn = 3300000 + Math.floor(i / 300) * 120;
    parts.push(`DK-${i},J1,${nn},${e}\n,J2,${nn},${e + 100}\n,J3,${nn + 100},${e + 100}\n,J4,${nn + 100},${e}\n`);
  }
  return strToU8(parts.join(''));
}

function time(name: string, input: Uint8Array, read: (b: Uint8Array) => number, prev: number | undefined): BenchRow {
  globalThis.gc?.();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const features = read(input);
  const ms = performance.now() - t0;
  const peakMb = (process.memoryUsage().rss - rss0) / 1048576;
  return { name, ms, peakMb, note: `${(input.length / 1048576).toFixed(1)} MB in, ${features.toLocaleString('en')} features${prev ? `, ×${(ms / prev).toFixed(1)} time for ×4 input` : ''}` };
}

const rows: BenchRow[] = [];
for (const [label, make, read] of [
  ['KMZ points', kmz, (b: Uint8Array) => readKml({ name: 'a.kmz', bytes: b }).layers[0].features.length],
  ['DXF plots + labels', dxf, (b: Uint8Array) => readDxf({ name: 'a.dxf', bytes: b }).layers[0].features.length],
  ['界址点 CSV plots', table, (b: Uint8Array) => readBoundaryPoints({ name: 'a.csv', bytes: b }).layers[0].features.length],
] as const) {
  let prev: number | undefined;
  for (const n of COUNTS) {
    const row = time(`${label} × ${n.toLocaleString('en')}`, make(n), read, prev);
    rows.push(row);
    prev = row.ms;
  }
}
report('kml-dxf', rows);
