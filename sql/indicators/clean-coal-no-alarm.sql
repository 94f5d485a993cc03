-- 未装一氧化碳报警器的新增洁净煤户 New clean-coal users without a CO alarm (seed 000 一、二（十三）:
-- 所有新增洁净煤用户全部配装一氧化碳报警器). New as in clean-coal.sql: the new_user field; where
-- missing, not in the previous ledger (ledger_old) when one is loaded; with neither, every
-- clean-coal household (new_user_assumed true). One row per household, with lon/lat so the list
-- can be shown on the map; a missing co_alarm counts as no alarm.
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
  id AS household_id,
  coalesce(township, '未填乡镇') AS township,
  village,
  coal_tonnes,
  co_alarm,
  new_user IS NULL AND (SELECT count(*) FROM prev) = 0 AS new_user_assumed,
  lon,
  lat
FROM households
WHERE heating = 'clean_coal' AND co_alarm IS NOT TRUE
  AND coalesce(new_user, CASE WHEN (SELECT count(*) FROM prev) > 0 THEN id NOT IN (SELECT id FROM in_prev) ELSE TRUE END)
ORDER BY township, village, household_id
