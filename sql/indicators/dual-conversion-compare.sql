-- 双代台账对比 Compare two 双代 ledgers (seed 001: 增户 additions, 销户 removals) by household id,
-- by township and county. ledger_old and ledger_new each hold (id, township, type); a household
-- in both whose type changed (gas ↔ electric) counts as a type change.
-- Leading zeros: Excel drops them from a number column (户号 0001 saved as 1). An all-digit id
-- with no exact match on the other side is matched to the one id there that differs from it only
-- by leading zeros (0001 ↔ 1), when that pairing is one to one; such pairs are counted in
-- matched_by_number and named in matched_by_number_ids (old=new, the first 10) instead of reading
-- as a removal plus an addition.
WITH o AS (SELECT DISTINCT id, township, type FROM ledger_old WHERE id IS NOT NULL),
n AS (SELECT DISTINCT id, township, type FROM ledger_new WHERE id IS NOT NULL),
o_key AS (
  SELECT id, coalesce(nullif(ltrim(id, '0'), ''), '0') AS k FROM o
  WHERE regexp_full_match(id, '[0-9]+') AND id NOT IN (SELECT id FROM n)
),
n_key AS (
  SELECT id, coalesce(nullif(ltrim(id, '0'), ''), '0') AS k FROM n
  WHERE regexp_full_match(id, '[0-9]+') AND id NOT IN (SELECT id FROM o)
),
by_number AS (
  SELECT ok.id AS old_id, nk.id AS new_id
  FROM o_key ok JOIN n_key nk ON ok.k = nk.k
  WHERE ok.k IN (SELECT k FROM o_key GROUP BY k HAVING count(*) = 1)
    AND nk.k IN (SELECT k FROM n_key GROUP BY k HAVING count(*) = 1)
),
n2 AS (
  SELECT coalesce(b.old_id, n.id) AS id, n.township, n.type, b.old_id IS NOT NULL AS numeric_match, b.old_id || '=' || b.new_id AS numeric_pair
  FROM n LEFT JOIN by_number b ON n.id = b.new_id
),
pairs AS (
  SELECT
    coalesce(n.township, o.township, '未填乡镇') AS township,
    o.id IS NULL AS added,
    n.id IS NULL AS removed,
    o.id IS NOT NULL AND n.id IS NOT NULL AND o.type IS DISTINCT FROM n.type AS type_changed,
    coalesce(n.numeric_match, false) AS numeric_match,
    n.numeric_pair
  FROM o
  FULL OUTER JOIN n2 n ON o.id = n.id
)
SELECT
  CASE WHEN grouping(township) = 1 THEN 'county' ELSE 'township' END AS level,
  township,
  count(*) FILTER (WHERE NOT removed) AS households_new,
  count(*) FILTER (WHERE NOT added) AS households_old,
  count(*) FILTER (WHERE added) AS additions,
  count(*) FILTER (WHERE removed) AS removals,
  count(*) FILTER (WHERE type_changed) AS type_changes,
  count(*) FILTER (WHERE numeric_match) AS matched_by_number,
  coalesce(array_to_string(list(numeric_pair ORDER BY numeric_pair) FILTER (WHERE numeric_match)[1:10], '、'), '') AS matched_by_number_ids
FROM pairs
GROUP BY GROUPING SETS ((township), ())
ORDER BY grouping(township), township
