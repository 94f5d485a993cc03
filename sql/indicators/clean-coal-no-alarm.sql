-- 未装一氧化碳报警器的新增洁净煤户 New clean-coal users without a CO alarm (seed 000 一、二（十三）:
-- 所有新增洁净煤用户全部配装一氧化碳报警器). New as counted by clean-coal.sql: both read
-- indicator_clean_coal_users (clean-coal-users.sql); where neither the new_user field nor a
-- previous ledger says, every clean-coal household is new (new_user_assumed true). One row per
-- household, with lon/lat so the list can be shown on the map; a missing co_alarm counts as no alarm.
-- township: its column, else the township polygon it lies in; township_source says which
-- (clean-coal-users.sql).
SELECT
  id AS household_id,
  coalesce(township, '未填乡镇') AS township,
  township_source,
  village,
  coal_tonnes,
  co_alarm,
  assumed AS new_user_assumed,
  lon,
  lat
FROM indicator_clean_coal_users
WHERE is_new AND co_alarm IS NOT TRUE
ORDER BY township, village, household_id
