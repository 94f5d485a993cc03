// What the peer checks (shp-peer, kml-peer: files we write, read back by GDAL) share.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Exits 0 with a note when GDAL is not installed: the peer checks need it, nothing else does. */
export function requireGdal(check: string): void {
  if (existsSync('/usr/bin/ogr2ogr')) return;
  console.log(`${check}: GDAL is not installed (apt-get install gdal-bin); skipped, nothing compared.`);
  process.exit(0);
}

/** A temporary folder removed when the process exits. */
export function peerWorkDir(check: string): string {
  const work = mkdtempSync(join(tmpdir(), `${check}-`));
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
  return work;
}

/** Every vertex of a GeoJSON geometry as [lon, lat], in order (nothing for a null geometry). */
export function vertices(g: { coordinates?: unknown } | null): number[][] {
  const out: number[][] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') out.push([c[0], c[1] as number]);
    else if (Array.isArray(c)) for (const x of c) walk(x);
  };
  if (g) walk(g.coordinates);
  return out;
}
