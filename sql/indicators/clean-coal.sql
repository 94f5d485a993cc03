-- 洁净煤取暖 Clean-coal heating budget (seeds 000, 002, 004), by township and county.
-- Households: heating = 'clean_coal'. Per household at most policy.coal_cap_t_per_household
-- tonnes are subsidised; tonnes above it the household pays in full (seed 002: 超出部分由居民全额自费).
-- Subsidised tonne at price P: province 100 + city 100, residents 900, county the rest
-- (P − 1100, never below 0). New stoves: one per clean-coal household (seed 000: 新增配套炉具
-- 每户1台): province 500 + city 300 + county stove_county_yuan (≤ 200).
-- Also counts clean-coal households without a CO alarm (seed 004: every one gets an alarm).
WITH h AS (
  SELECT
    coalesce(h.township, '未填乡镇') AS township,
    coalesce(h.coal_tonnes, 0) AS tonnes,
    least(coalesce(h.coal_tonnes, 0), p.coal_cap_t_per_household) AS subsidised_t,
    h.co_alarm,
    p.coal_price,
    p.coal_province_yuan_per_t,
    p.coal_city_yuan_per_t,
    p.coal_resident_yuan_per_t,
    greatest(p.coal_price - p.coal_province_yuan_per_t - p.coal_city_yuan_per_t - p.coal_resident_yuan_per_t, 0) AS county_yuan_per_t,
    p.stove_province_yuan,
    p.stove_city_yuan,
    least(p.stove_county_yuan, p.stove_county_max_yuan) AS stove_county_yuan
  FROM households h CROSS JOIN policy p
  WHERE h.heating = 'clean_coal'
)
SELECT
  CASE WHEN grouping(township) = 1 THEN 'county' ELSE 'township' END AS level,
  township,
  count(*) AS households,
  sum(tonnes) AS tonnes,
  sum(subsidised_t) AS subsidised_tonnes,
  sum(tonnes - subsidised_t) AS unsubsidised_tonnes,
  sum(subsidised_t * coal_province_yuan_per_t) AS province_subsidy_yuan,
  sum(subsidised_t * coal_city_yuan_per_t) AS city_subsidy_yuan,
  sum(subsidised_t * coal_resident_yuan_per_t + (tonnes - subsidised_t) * coal_price) AS residents_payment_yuan,
  sum(subsidised_t * county_yuan_per_t) AS county_coal_subsidy_yuan,
  count(*) AS new_stoves,
  sum(stove_province_yuan) AS stove_province_yuan,
  sum(stove_city_yuan) AS stove_city_yuan,
  sum(stove_county_yuan) AS stove_county_yuan,
  sum(subsidised_t * county_yuan_per_t + stove_county_yuan) AS county_total_yuan,
  count(*) FILTER (WHERE co_alarm IS NOT TRUE) AS without_co_alarm
FROM h
GROUP BY GROUPING SETS ((township), ())
ORDER BY grouping(township), township
