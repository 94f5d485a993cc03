-- (a) Service radii, the peer's way: ST_DWithin on geography (spheroid), distance <= radius.
-- {p} is the table prefix (demo_, osm_). Written from docs/radii.md, not from analysis/ code.
DROP TABLE IF EXISTS {p}hh_g, {p}kg_class, {p}peer_uncovered;
CREATE TABLE {p}hh_g AS
  SELECT id, heating, geom, geom::geography AS g FROM {p}households WHERE geom IS NOT NULL;
CREATE INDEX ON {p}hh_g USING gist (g);
CREATE INDEX ON {p}hh_g USING gist (geom);
ANALYZE {p}hh_g;

-- kindergarten area class: urban = in or within the urban radius (300 m) of the county seat's
-- built-up area (the largest by ST_Area(geography)) or in a 街道 township; township = inside
-- another built-up area; village elsewhere (docs/rules.md, kindergartenAreaClassifier's TSDoc).
CREATE TABLE {p}kg_class AS
WITH seat AS (SELECT geom FROM {p}built_up ORDER BY ST_Area(geom::geography) DESC LIMIT 1)
SELECT k.id, k.geom::geography AS g,
  CASE
    WHEN EXISTS (SELECT 1 FROM seat s WHERE ST_DWithin(s.geom::geography, k.geom::geography, 300)) THEN 300
    WHEN EXISTS (SELECT 1 FROM {p}townships t WHERE t.kind IN ('street', '街道') AND ST_Intersects(t.geom, k.geom)) THEN 300
    WHEN EXISTS (SELECT 1 FROM {p}built_up b WHERE ST_Intersects(b.geom, k.geom)) THEN 1000
    ELSE 2000
  END AS radius
FROM {p}kindergartens k WHERE k.geom IS NOT NULL;

CREATE TABLE {p}peer_uncovered (service text, id text);
-- hydrant: households inside a built-up area, no working hydrant (water cranes excluded) within 150 m
INSERT INTO {p}peer_uncovered
SELECT 'hydrant', h.id FROM {p}hh_g h
WHERE EXISTS (SELECT 1 FROM {p}built_up b WHERE ST_Intersects(b.geom, h.geom))
  AND NOT EXISTS (SELECT 1 FROM {p}hydrants y WHERE y.status = 'working' AND y.kind NOT IN ('water_crane', '消防水鹤')
                  AND ST_DWithin(y.geom::geography, h.g, 150));
INSERT INTO {p}peer_uncovered
SELECT 'kindergarten', h.id FROM {p}hh_g h
WHERE NOT EXISTS (SELECT 1 FROM {p}kg_class k WHERE ST_DWithin(k.g, h.g, k.radius));
INSERT INTO {p}peer_uncovered
SELECT 'cleanCoal', h.id FROM {p}hh_g h
WHERE h.heating = 'clean_coal'
  AND NOT EXISTS (SELECT 1 FROM {p}service_points s WHERE s.kind IN ('coal_centre', 'coal_station', 'coal_point')
                  AND ST_DWithin(s.geom::geography, h.g, 2000));
INSERT INTO {p}peer_uncovered
SELECT 'maintenance', h.id FROM {p}hh_g h
WHERE h.heating IN ('gas', 'electric')
  AND NOT EXISTS (SELECT 1 FROM {p}service_points s WHERE s.kind = 'maintenance' AND ST_DWithin(s.geom::geography, h.g, 10000));
