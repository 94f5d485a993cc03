-- 双代 Dual conversion (seed 001), by township and county: gas-for-coal and electricity-for-coal
-- households (households.heating), maintenance service points (service_points.kind =
-- 'maintenance') in the same township, and towns that have 双代 households but no maintenance
-- point (seed 001: every such town needs ≥ 1 maintenance organisation; target 0).
-- Households and points alike are in their `township` field's township, else the township polygon
-- they lie in (township_in, src/db/project-tables.ts), else 未填乡镇.
WITH h AS (
  SELECT
    coalesce(township, township_in, '未填乡镇') AS township,
    count(*) FILTER (WHERE heating = 'gas') AS gas,
    count(*) FILTER (WHERE heating = 'electric') AS electric
  FROM households
  GROUP BY 1
), m AS (
  SELECT coalesce(township, township_in, '未填乡镇') AS township, count(*) AS maintenance_points
  FROM service_points
  WHERE kind = 'maintenance'
  GROUP BY 1
), t AS (
  SELECT
    coalesce(h.township, m.township) AS township,
    coalesce(h.gas, 0) AS gas,
    coalesce(h.electric, 0) AS electric,
    coalesce(m.maintenance_points, 0) AS maintenance_points
  FROM h FULL OUTER JOIN m ON h.township = m.township
)
SELECT
  CASE WHEN grouping(township) = 1 THEN 'county' ELSE 'township' END AS level,
  township,
  sum(gas) AS gas,
  sum(electric) AS electric,
  sum(gas + electric) AS dual_households,
  sum(maintenance_points) AS maintenance_points,
  count(*) FILTER (WHERE gas + electric > 0 AND maintenance_points = 0) AS towns_without_maintenance
FROM t
GROUP BY GROUPING SETS ((township), ())
ORDER BY grouping(township), township
