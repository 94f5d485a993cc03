-- 双代台账对比 Compare two 双代 ledgers (seed 001: 增户 additions, 销户 removals) by household id,
-- by township and county. ledger_old and ledger_new each hold (id, township, type); a household
-- in both whose type changed (gas ↔ electric) counts as a type change.
WITH pairs AS (
  SELECT
    coalesce(n.township, o.township, '未填乡镇') AS township,
    o.id IS NULL AS added,
    n.id IS NULL AS removed,
    o.id IS NOT NULL AND n.id IS NOT NULL AND o.type IS DISTINCT FROM n.type AS type_changed
  FROM (SELECT DISTINCT id, township, type FROM ledger_old WHERE id IS NOT NULL) o
  FULL OUTER JOIN (SELECT DISTINCT id, township, type FROM ledger_new WHERE id IS NOT NULL) n ON o.id = n.id
)
SELECT
  CASE WHEN grouping(township) = 1 THEN 'county' ELSE 'township' END AS level,
  township,
  count(*) FILTER (WHERE NOT removed) AS households_new,
  count(*) FILTER (WHERE NOT added) AS households_old,
  count(*) FILTER (WHERE added) AS additions,
  count(*) FILTER (WHERE removed) AS removals,
  count(*) FILTER (WHERE type_changed) AS type_changes
FROM pairs
GROUP BY GROUPING SETS ((township), ())
ORDER BY grouping(township), township
