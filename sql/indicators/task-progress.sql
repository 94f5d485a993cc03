-- 任务进度 Task progress per town against its target (seed 003's table: 镇（街道）, 任务数, 完成数),
-- by township and county. task_progress comes from an imported sheet (township, target, completed).
-- dual_households_in_layer (双代 households in the household layer) is shown alongside for a check;
-- a household's township: its column, else the township polygon it lies in (township_in).
WITH t AS (
  SELECT coalesce(township, '未填乡镇') AS township, sum(target) AS target, sum(completed) AS completed
  FROM task_progress
  GROUP BY 1
), h AS (
  -- only the towns of the sheet (an empty sheet skips the household scan)
  SELECT coalesce(township, township_in, '未填乡镇') AS township, count(*) AS dual_households
  FROM households
  WHERE heating IN ('gas', 'electric') AND coalesce(township, township_in, '未填乡镇') IN (SELECT township FROM t)
  GROUP BY 1
), j AS (
  SELECT t.township, t.target, t.completed, coalesce(h.dual_households, 0) AS dual_households
  FROM t LEFT JOIN h ON h.township = t.township
)
SELECT
  CASE WHEN grouping(township) = 1 THEN 'county' ELSE 'township' END AS level,
  township,
  sum(target) AS target,
  sum(completed) AS completed,
  sum(completed) / nullif(sum(target), 0) AS completion_rate,
  count(*) FILTER (WHERE completed < target OR completed IS NULL) AS towns_behind,
  sum(dual_households) AS dual_households_in_layer
FROM j
GROUP BY GROUPING SETS ((township), ())
ORDER BY grouping(township), township
