// A private PostgreSQL + PostGIS + pgRouting cluster for `npm run bench -- peers`: initdb in a
// fresh folder under /tmp, listening on a unix socket in that folder only (no TCP), trust
// authentication, stopped and removed by `stop()`. Under root the server runs as the `postgres`
// user (initdb refuses root). Nothing here is used by the app or by `npm test`.
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir, userInfo } from 'node:os';

/** The peer tools the bench needs, found on this machine (or the list of what is missing). */
export interface Peers {
  pgBin: string;
  missing: string[];
}

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Look for PostgreSQL with PostGIS and pgRouting, GDAL (ogr2ogr), PROJ (cs2cs) and CBC. */
export function findPeers(): Peers {
  const missing: string[] = [];
  let pgBin = '';
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) { pgBin = join(root, v, 'bin'); break; }
  if (!pgBin) missing.push('postgresql');
  const ext = pgBin ? join('/usr/share/postgresql', pgBin.split('/').at(-2)!, 'extension') : '';
  if (!ext || !existsSync(join(ext, 'postgis.control'))) missing.push('postgis');
  if (!ext || !existsSync(join(ext, 'pgrouting.control'))) missing.push('pgrouting');
  if (!onPath('psql')) missing.push('psql');
  if (!onPath('ogr2ogr')) missing.push('gdal-bin (ogr2ogr)');
  if (!onPath('cs2cs')) missing.push('proj-bin (cs2cs)');
  if (!onPath('cbc')) missing.push('coinor-cbc (cbc)');
  return { pgBin, missing };
}

export class PgCluster {
  readonly dir: string;
  readonly socket: string;
  private readonly asPostgres: boolean;
  private running = false;

  constructor(private readonly pgBin: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'peers-pg-'));
    this.socket = this.dir;
    this.asPostgres = userInfo().uid === 0;
    if (this.asPostgres) {
      const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      chownSync(this.dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
    }
  }

  private run(cmd: string, args: string[], opts: SpawnSyncOptions = {}) {
    const [c, a] = this.asPostgres ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    const r = spawnSync(c, a, { encoding: 'utf8', cwd: '/tmp', ...opts });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
    return r;
  }

  start(): void {
    const data = join(this.dir, 'data');
    this.run(join(this.pgBin, 'initdb'), ['-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
    const o = `-c listen_addresses='' -c unix_socket_directories=${this.dir} -c fsync=off -c synchronous_commit=off -c shared_buffers=256MB -c work_mem=64MB -c max_parallel_workers_per_gather=0`;
    this.run(join(this.pgBin, 'pg_ctl'), ['-D', data, '-l', join(this.dir, 'log'), '-o', o, '-w', 'start']);
    this.running = true;
    this.sql('CREATE EXTENSION postgis; CREATE EXTENSION pgrouting;');
  }

  /** Run SQL (several statements allowed); returns the rows of the last one as tab-separated fields. */
  sql(text: string): string[][] {
    const r = spawnSync('psql', ['-h', this.socket, '-U', 'postgres', '-d', 'postgres', '-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1'], {
      input: 'SET client_min_messages = warning;\n' + text,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    if (r.status !== 0) throw new Error(`psql: ${r.stderr}\n${text.slice(0, 400)}`);
    return r.stdout.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
  }

  /** Load a GeoJSON or CSV (lon/lat columns) file into table `name` with ogr2ogr (GDAL's reader, not ours). */
  load(file: string, name: string): void {
    const args = ['-f', 'PostgreSQL', `PG:host=${this.socket} dbname=postgres user=postgres`, file, '-nln', name, '-lco', 'GEOMETRY_NAME=geom', '-lco', 'FID=ogc_fid', '-overwrite'];
    if (file.endsWith('.csv')) args.push('-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat', '-oo', 'AUTODETECT_TYPE=NO', '-oo', 'KEEP_GEOM_COLUMNS=YES', '-a_srs', 'EPSG:4326');
    const r = spawnSync('ogr2ogr', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ogr2ogr ${file}: ${r.stderr}`);
  }

  stop(): void {
    try {
      if (this.running) this.run(join(this.pgBin, 'pg_ctl'), ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
    } finally {
      this.running = false;
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
