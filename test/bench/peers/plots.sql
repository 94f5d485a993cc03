-- (c) Reserve plot review, the peer's way: ST_Area(geography) in 亩 (1 亩 = 10,000/15 m²), parts
-- (ST_Dump), township shares (ST_Intersection, as a % of the plot, townships from 1 % of a part),
-- share inside built-up areas, 双代 areas and other plots overlapped (more than 1 m²), nearest fire
-- station and kindergarten (ST_Distance(geography) to the plot), the kindergarten's radius by its area class.
DROP TABLE IF EXISTS {p}peer_plots;
CREATE TABLE {p}peer_plots AS
SELECT p.id,
  ST_Area(p.geom::geography) / (10000.0 / 15) AS mu,
  (SELECT string_agg(to_char(ST_Area(d.geom::geography) / (10000.0 / 15), 'FM999990.00'), '+' ORDER BY d.path) FROM ST_Dump(p.geom) d) AS parts,
  (SELECT string_agg(t.name || ':' || to_char(100 * ST_Area(ST_Intersection(p.geom, t.geom)::geography) / ST_Area(p.geom::geography), 'FM990.0'), ',' ORDER BY t.name)
     FROM {p}townships t WHERE ST_Intersects(p.geom, t.geom)
      AND EXISTS (SELECT 1 FROM ST_Dump(p.geom) d WHERE ST_Area(ST_Intersection(d.geom, t.geom)::geography) >= 0.01 * ST_Area(d.geom::geography))) AS shares,
  COALESCE((SELECT sum(ST_Area(ST_Intersection(p.geom, b.geom)::geography)) FROM {p}built_up b WHERE ST_Intersects(p.geom, b.geom)), 0) / ST_Area(p.geom::geography) AS built_up,
  COALESCE((SELECT string_agg(d.id, ',' ORDER BY d.id) FROM {p}dual_conversion_areas d WHERE ST_Intersects(p.geom, d.geom) AND ST_Area(ST_Intersection(p.geom, d.geom)::geography) > 1), '') AS dual,
  COALESCE((SELECT string_agg(q.id, ',' ORDER BY q.id) FROM {p}reserve_plots q WHERE q.id <> p.id AND ST_Intersects(p.geom, q.geom) AND ST_Area(ST_Intersection(p.geom, q.geom)::geography) > 1), '') AS plot_overlaps,
  f.id AS fs_id, f.m AS fs_m, k.id AS kg_id, k.m AS kg_m, k.radius AS kg_r
FROM {p}reserve_plots p
LEFT JOIN LATERAL (SELECT s.id, ST_Distance(s.geom::geography, p.geom::geography) AS m FROM {p}fire_stations s ORDER BY 2 LIMIT 1) f ON true
LEFT JOIN LATERAL (SELECT c.id, ST_Distance(c.g, p.geom::geography) AS m, c.radius FROM {p}kg_class c ORDER BY 2 LIMIT 1) k ON true;
