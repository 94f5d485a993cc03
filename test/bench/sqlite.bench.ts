// The one SQLite reader on large files: a GeoPackage of 200,000 points with Chinese attributes read
// whole by the import reader, and a ~100 MB raster .mbtiles (87,381 tiles, zooms 0–8) opened in
// place with 1,000 random tile lookups, counting the bytes read. The files are made once by
// python3's sqlite3 module into out/bench/ (python3 is needed for this benchmark only).
// Run: `npm run bench -- sqlite`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readGeoPackages } from '../../layers/load/foreign/geopackage.ts';
import { MbtilesArchive } from '../../src/map/mbtiles-file.ts';
import { mulberry32, peakMemoryMb, report, type BenchRow } from './util.ts';

const OUT = resolve(import.meta.dirname, '../../out/bench');
const GPKG = resolve(OUT, 'points-200k.gpkg');
const MBTILES = resolve(OUT, 'raster-z8.mbtiles');

const MAKE = String.raw`
import os, sqlite3, struct, sys, random
gpkg, mbt = sys.argv[1], sys.argv[2]
if not os.path.exists(gpkg):
    db = sqlite3.connect(gpkg + '.tmp')
    db.execute("CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT, organization_coordsys_id INTEGER, definition TEXT, description TEXT)")
    db.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('CGCS2000', 4490, 'EPSG', 4490, 'GEOGCS[\"China Geodetic Coordinate System 2000\",DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]', NULL)")
    db.execute("CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, description TEXT, last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER)")
    db.execute("INSERT INTO gpkg_contents VALUES ('农户', 'features', '农户', '', '2026-01-01', 114, 38, 115, 39, 4490)")
    db.execute("CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER, z TINYINT, m TINYINT)")
    db.execute("INSERT INTO gpkg_geometry_columns VALUES ('农户', 'geom', 'POINT', 4490, 0, 0)")
    db.execute('CREATE TABLE "农户" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, "户主" TEXT, "人口" MEDIUMINT, "取暖" TEXT)')
    r = random.Random(1)
    def gp(x, y): return b'GP\x00\x01' + struct.pack('<i', 4490) + struct.pack('<BIdd', 1, 1, x, y)
    db.executemany('INSERT INTO "农户" (geom, "户主", "人口", "取暖") VALUES (?, ?, ?, ?)', ((gp(114 + r.random(), 38 + r.random()), '张%05d' % i, r.randint(1, 6), r.choice(['气代煤', '电代煤', '洁净煤'])) for i in range(200000)))
    db.commit(); db.close(); os.rename(gpkg + '.tmp', gpkg)
if not os.path.exists(mbt):
    db = sqlite3.connect(mbt + '.tmp')
    db.execute('PRAGMA page_size = 4096')
    db.execute('CREATE TABLE metadata (name text, value text)')
    db.execute('CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)')
    db.execute('CREATE UNIQUE INDEX tile_index on tiles (zoom_level, tile_column, tile_row)')
    db.executemany('INSERT INTO metadata VALUES (?, ?)', [('format', 'png'), ('minzoom', '0'), ('maxzoom', '8')])
    r = random.Random(2)
    db.executemany('INSERT INTO tiles VALUES (?, ?, ?, ?)', ((z, x, y, r.randbytes(1100)) for z in range(9) for x in range(2 ** z) for y in range(2 ** z)))
    db.commit(); db.close(); os.rename(mbt + '.tmp', mbt)
`;

mkdirSync(OUT, { recursive: true });
if (!existsSync(GPKG) || !existsSync(MBTILES)) {
  const made = spawnSync('python3', ['-c', MAKE, GPKG, MBTILES], { stdio: 'inherit' });
  if (made.status !== 0) throw new Error('python3 could not make the benchmark files');
}

const rows: BenchRow[] = [];

const gpkgBytes = new Uint8Array(readFileSync(GPKG));
const g = await peakMemoryMb(() => readGeoPackages([{ name: 'points-200k.gpkg', bytes: gpkgBytes }]));
const layer = g.result.layers[0];
rows.push({ name: `GeoPackage ${(gpkgBytes.length / 1048576).toFixed(1)} MB, 200,000 points → ForeignLayer`, ms: g.ms, peakMb: g.peakMb, note: `${layer.features.length} features, ${g.result.issues.length} issues, first ${String(layer.features[0].properties['户主'])}` });

const size = statSync(MBTILES).size;
const fd = openSync(MBTILES, 'r');
let bytesRead = 0;
let reads = 0;
const read = async (offset: number, length: number) => {
  const b = new Uint8Array(length);
  const n = readSync(fd, b, 0, length, offset);
  bytesRead += n;
  reads++;
  return b.subarray(0, n);
};
const t0 = performance.now();
const mb = await MbtilesArchive.open(read, size);
const openMs = performance.now() - t0;
rows.push({ name: `.mbtiles ${(size / 1048576).toFixed(0)} MB: open (schema, metadata, one index search)`, ms: openMs, note: `${reads} reads, ${(bytesRead / 1024).toFixed(0)} KB` });
const rnd = mulberry32(3);
let found = 0;
const [r0, b0] = [reads, bytesRead];
const t1 = performance.now();
for (let i = 0; i < 1000; i++) {
  const z = Math.floor(rnd() * 9);
  const n = 2 ** z;
  if (await mb.tile(z, Math.floor(rnd() * n), Math.floor(rnd() * n))) found++;
}
rows.push({ name: '.mbtiles: 1,000 random tiles', ms: performance.now() - t1, note: `${found} found, ${reads - r0} page reads, ${((bytesRead - b0) / 1048576).toFixed(1)} MB read of ${(size / 1048576).toFixed(0)} MB` });
report('sqlite', rows);
