-- (b) Hydrant reach along built-up roads, the peer's way (docs/radii.md definitions):
-- roads clipped to the built-up polygons (ST_Intersection), a road drawn twice with the very same
-- vertices (either way round) counted once (ST_Normalize), covered = within 150 m straight line of a
-- working hydrant (water cranes not counted): the union of 150 m geography buffers (256 segments
-- per quarter circle: the chord error is 150·(1 − cos(π/512)) < 3 mm). Lengths are ST_Length(geography).
DROP TABLE IF EXISTS {p}bu_roads, {p}reach, {p}road_gaps, {p}peer_gaps;
CREATE TABLE {p}bu_roads AS
WITH bu AS (SELECT ST_Union(geom) AS geom FROM {p}built_up),
 r AS (SELECT DISTINCT ON (ST_AsEWKB(ST_Normalize(ST_SnapToGrid(geom, 1e-7)))) ogc_fid, COALESCE(name, '') AS name, geom
       FROM {p}roads WHERE geom IS NOT NULL
       ORDER BY ST_AsEWKB(ST_Normalize(ST_SnapToGrid(geom, 1e-7))), ogc_fid)
SELECT r.ogc_fid, r.name, ST_CollectionExtract(ST_Intersection(r.geom, bu.geom), 2) AS geom
FROM r, bu WHERE ST_Intersects(r.geom, bu.geom);
CREATE TABLE {p}reach AS
SELECT ST_Union(ST_Buffer(geom::geography, 150, 'quad_segs=256')::geometry) AS geom
FROM {p}hydrants WHERE status = 'working' AND kind NOT IN ('water_crane', '消防水鹤') AND geom IS NOT NULL;
-- each road line minus the reach (no ST_Union: lines that overlap in part stay two lines, as ours counts them)
CREATE TABLE {p}road_gaps AS
SELECT b.ogc_fid, b.name, ST_Difference(b.geom, COALESCE(h.geom, 'GEOMETRYCOLLECTION EMPTY'::geometry)) AS geom
FROM {p}bu_roads b, {p}reach h;
-- stretches: the gap parts of one name joined where exactly two ends meet (ST_LineMerge of the
-- collection, not of a union: a union would also cut lines where they cross)
CREATE TABLE {p}peer_gaps AS
SELECT name, (ST_Dump(ST_LineMerge(ST_Collect(geom)))).geom AS geom
FROM (SELECT name, (ST_Dump(geom)).geom FROM {p}road_gaps) d GROUP BY name;
DELETE FROM {p}peer_gaps WHERE ST_Length(geom::geography) < 0.01;
