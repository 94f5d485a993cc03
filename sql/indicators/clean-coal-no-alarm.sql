-- 未装一氧化碳报警器的洁净煤户 Clean-coal households without a CO alarm (seed 004: every new
-- clean-coal household gets one; grid members visit ≥ 2 times a week in the heating season).
-- One row per household, with lon/lat so the list can be shown on the map; a missing co_alarm
-- counts as no alarm.
SELECT
  id AS household_id,
  coalesce(township, '未填乡镇') AS township,
  village,
  coal_tonnes,
  co_alarm,
  lon,
  lat
FROM households
WHERE heating = 'clean_coal' AND co_alarm IS NOT TRUE
ORDER BY township, village, household_id
