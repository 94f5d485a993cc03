-- 洁净煤取暖户明细 Every clean-coal household (heating = 'clean_coal') and whether it is a NEW
-- user (seed 000 二（八）（九）: 对新增洁净煤用户…新增配套炉具每户1台): read as the table
-- indicator_clean_coal_users by clean-coal.sql (the budget and the stoves) and by
-- clean-coal-no-alarm.sql (the CO-alarm list), so the two count the same households as new.
-- A household is new by its new_user field; where that is missing, by the ledger: new when a
-- previous ledger (ledger_old) is loaded and the household is not in it; with neither, it is
-- counted as new and marked assumed (the figure says so). A household found in the ledger only by
-- number (0001 in one, 1 in the other) is not new, and is marked numeric_match.
-- township: the household's township column where filled, else the township polygon it lies in
-- (households.township_in, src/db/project-tables.ts: householdTownshipsOf, as every panel);
-- township_source says which ('field', 'polygon', '' for neither).
WITH prev AS (
  SELECT DISTINCT id FROM ledger_old WHERE id IS NOT NULL
), prev_num AS (
  -- leading zeros (as dual-conversion-compare.sql): an all-digit id with no exact partner on the
  -- other side matches the one id there that differs only by leading zeros (户号 0001 ↔ 1)
  SELECT coalesce(nullif(ltrim(id, '0'), ''), '0') AS k FROM prev
  WHERE regexp_full_match(id, '[0-9]+') AND id NOT IN (SELECT id FROM households WHERE id IS NOT NULL)
  GROUP BY 1 HAVING count(*) = 1
), hh_num AS (
  SELECT coalesce(nullif(ltrim(id, '0'), ''), '0') AS k, min(id) AS id FROM households
  WHERE id IS NOT NULL AND regexp_full_match(id, '[0-9]+') AND id NOT IN (SELECT id FROM prev)
  GROUP BY 1 HAVING count(*) = 1
), by_number AS (
  SELECT hh_num.id FROM hh_num JOIN prev_num USING (k)
), in_prev AS (
  SELECT id FROM prev UNION SELECT id FROM by_number
)
SELECT
  h.id,
  coalesce(h.township, h.township_in) AS township,
  CASE WHEN h.township IS NOT NULL THEN 'field' WHEN h.township_in IS NOT NULL THEN 'polygon' ELSE '' END AS township_source,
  h.village,
  h.coal_tonnes,
  h.co_alarm,
  h.lon,
  h.lat,
  coalesce(h.new_user, CASE WHEN (SELECT count(*) FROM prev) > 0 THEN h.id NOT IN (SELECT id FROM in_prev) ELSE TRUE END) AS is_new,
  h.new_user IS NULL AND (SELECT count(*) FROM prev) = 0 AS assumed,
  h.new_user IS NULL AND h.id IN (SELECT id FROM by_number) AS numeric_match
FROM households h
WHERE h.heating = 'clean_coal'
