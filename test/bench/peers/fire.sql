-- (d) Fire 5-minute reach, the peer's way: pgRouting on the engine network (docs/fire.md, docs/rules.md):
-- roads at least 4 m wide (width_m, else the class default), class speeds (a road's speed_kmh
-- overrides), one-way roads directed, vertices within 2 m one node (pgr_createTopology), lengths
-- ST_Length(geography). The station (status existing) and every household snap to the nearest
-- point of the nearest engine road (ST_Distance(geography); households within 300 m); the engine
-- leaves after the 1 min turnout, so 4 min = 240 s of driving; a household's time is the engine's
-- arrival at its road point: pgr_withPointsDD from the station's road point gives the node times,
-- then along the household's edge from either end (respecting one-way) or from the station on the
-- same edge. The fire-lane ledger is not applied on either side (its open problems cost 0 on the demo).
DROP TABLE IF EXISTS {p}eng, {p}eng_vertices_pgr, {p}hh_snap, {p}st_snap, {p}dd, {p}peer_fire;
CREATE TABLE {p}eng AS
WITH r AS (
  SELECT ogc_fid, (ST_Dump(geom)).geom AS geom,
    CASE WHEN class IN ('快速路', '国道', 'trunk') THEN 'trunk' WHEN class IN ('主干路', '主干道', '省道', 'primary') THEN 'primary'
         WHEN class IN ('次干路', '次干道', '县道', 'secondary') THEN 'secondary' WHEN class IN ('支路', '乡道', 'tertiary') THEN 'tertiary'
         WHEN class IN ('村道', '村路', 'road', 'unclassified') THEN 'unclassified' WHEN class IN ('机耕路', '田间路', '土路', 'track') THEN 'track'
         WHEN class IN ('residential', 'service', 'living_street', 'motorway') THEN class ELSE 'other' END AS cls,
    NULLIF(width_m::text, '')::float AS width_m, NULLIF(speed_kmh::text, '')::float AS speed_kmh, lower(COALESCE(oneway::text, '')) AS oneway
  FROM {p}roads WHERE geom IS NOT NULL)
SELECT row_number() OVER ()::bigint AS id, ogc_fid, geom, cls,
  ST_Length(geom::geography) / (COALESCE(speed_kmh, CASE cls WHEN 'motorway' THEN 60 WHEN 'trunk' THEN 50 WHEN 'primary' THEN 40 WHEN 'secondary' THEN 35
     WHEN 'tertiary' THEN 30 WHEN 'unclassified' THEN 20 WHEN 'residential' THEN 20 WHEN 'service' THEN 15 WHEN 'living_street' THEN 10 WHEN 'track' THEN 10 ELSE 20 END) / 3.6) AS t,
  oneway, NULL::bigint AS source, NULL::bigint AS target
FROM r
WHERE COALESCE(width_m, CASE cls WHEN 'track' THEN 3 WHEN 'living_street' THEN 3.5 WHEN 'unclassified' THEN 4 WHEN 'residential' THEN 4 WHEN 'service' THEN 4 ELSE 7 END) >= 4;
-- foot points and edge fractions in metres: a CGCS2000 3° Gauss-Krüger plane ({gk}, scale error
-- < 1e-4 here); in lon/lat degrees the foot point of a household 75 m off a slanted road moved by
-- metres and the fraction along a bent edge was a share of degrees, not of metres
ALTER TABLE {p}eng ADD COLUMN cost float, ADD COLUMN reverse_cost float, ADD COLUMN gm geometry;
UPDATE {p}eng SET gm = ST_Transform(geom, {gk});
UPDATE {p}eng SET cost = CASE WHEN oneway IN ('-1', 'reverse') THEN -1 ELSE t END, reverse_cost = CASE WHEN oneway IN ('yes', 'true', '1') THEN -1 ELSE t END;
CREATE INDEX ON {p}eng USING gist (geom);
SELECT pgr_createTopology('{p}eng', 0.00002, 'geom', 'id', 'source', 'target', clean := true);
-- snapping: the nearest engine edge by ellipsoidal distance among the 8 nearest by planar degrees
CREATE TABLE {p}st_snap AS
SELECT s.id AS station, e.id AS edge_id, ST_LineLocatePoint(e.gm, ST_Transform(s.geom, {gk})) AS fraction
FROM {p}fire_stations s CROSS JOIN LATERAL (
  SELECT id, gm FROM (SELECT id, geom, gm FROM {p}eng ORDER BY geom <-> s.geom LIMIT 8) c ORDER BY ST_Distance(c.geom::geography, s.geom::geography) LIMIT 1) e
WHERE s.status = 'existing';
CREATE TABLE {p}hh_snap AS
SELECT h.id, e.id AS edge_id, ST_LineLocatePoint(e.gm, ST_Transform(h.geom, {gk})) AS fraction, e.d
FROM {p}households h CROSS JOIN LATERAL (
  SELECT id, gm, ST_Distance(c.geom::geography, h.geom::geography) AS d FROM (SELECT id, geom, gm FROM {p}eng ORDER BY geom <-> h.geom LIMIT 8) c ORDER BY 3 LIMIT 1) e
WHERE h.geom IS NOT NULL;
CREATE TABLE {p}dd AS
SELECT node, min(agg_cost) AS agg FROM pgr_withPointsDD(
  'SELECT id, source, target, cost, reverse_cost FROM {p}eng',
  'SELECT row_number() OVER () AS pid, edge_id, fraction FROM {p}st_snap',
  -- 360 s: node times exact up to 6 min, so the times near the 5-minute limit compare
  -1, 360.0, directed := true, driving_side := 'b', details := false) GROUP BY node;
CREATE TABLE {p}peer_fire AS
SELECT h.id, LEAST(
    (SELECT d.agg FROM {p}dd d WHERE d.node = e.source AND e.cost >= 0) + h.fraction * e.cost,
    (SELECT d.agg FROM {p}dd d WHERE d.node = e.target AND e.reverse_cost >= 0) + (1 - h.fraction) * e.reverse_cost,
    (SELECT min(CASE WHEN h.fraction >= s.fraction AND e.cost >= 0 THEN (h.fraction - s.fraction) * e.cost
                     WHEN h.fraction <= s.fraction AND e.reverse_cost >= 0 THEN (s.fraction - h.fraction) * e.reverse_cost END)
       FROM {p}st_snap s WHERE s.edge_id = e.id)) AS drive_s
FROM {p}hh_snap h JOIN {p}eng e ON e.id = h.edge_id
WHERE h.d <= 300.001;
-- built-up km² reached: 100 m cells of a CGCS2000 Gauss-Krüger grid (EPSG:4547, CM 114°E; its own
-- alignment, not ours) whose centre lies in a built-up area; each cell stands for its area's
-- ST_Area(geography) ÷ its number of cells (docs/fire.md step 6); timed like the households.
DROP TABLE IF EXISTS {p}bu_cells, {p}peer_cells;
CREATE TABLE {p}bu_cells AS
WITH b AS (SELECT row_number() OVER () AS bid, geom, ST_Area(geom::geography) AS m2 FROM {p}built_up),
 c AS (SELECT b.bid, b.m2, ST_Transform(ST_Centroid(g.geom), 4326) AS geom
       FROM b CROSS JOIN LATERAL ST_SquareGrid(100, ST_Transform(b.geom, 4547)) g
       WHERE ST_Intersects(ST_Transform(b.geom, 4547), ST_Centroid(g.geom)))
SELECT bid, geom, m2 / count(*) OVER (PARTITION BY bid) AS m2 FROM c;
CREATE TABLE {p}peer_cells AS
SELECT c.m2, e.d, LEAST(
    (SELECT d.agg FROM {p}dd d WHERE d.node = e.source AND e.cost >= 0) + e.fraction * e.cost,
    (SELECT d.agg FROM {p}dd d WHERE d.node = e.target AND e.reverse_cost >= 0) + (1 - e.fraction) * e.reverse_cost,
    (SELECT min(CASE WHEN e.fraction >= s.fraction AND e.cost >= 0 THEN (e.fraction - s.fraction) * e.cost
                     WHEN e.fraction <= s.fraction AND e.reverse_cost >= 0 THEN (s.fraction - e.fraction) * e.reverse_cost END)
       FROM {p}st_snap s WHERE s.edge_id = e.id)) AS drive_s
FROM {p}bu_cells c CROSS JOIN LATERAL (
  SELECT x.id, x.source, x.target, x.cost, x.reverse_cost, ST_LineLocatePoint(x.gm, ST_Transform(c.geom, {gk})) AS fraction, ST_Distance(x.geom::geography, c.geom::geography) AS d
  FROM (SELECT * FROM {p}eng ORDER BY geom <-> c.geom LIMIT 8) x ORDER BY 7 LIMIT 1) e;
