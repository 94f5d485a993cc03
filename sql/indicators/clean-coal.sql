-- 洁净煤取暖 Clean-coal heating budget (seeds 000, 002, 004), by township and county.
-- Households: heating = 'clean_coal'. Per household at most policy.coal_cap_t_per_household
-- tonnes are subsidised; tonnes above it the household pays in full (seed 002: 超出部分由居民全额自费).
-- Subsidised tonne at price P: province 100 + city 100, residents 900, county the rest
-- (P − 1100, never below 0). New stoves: one per clean-coal household (seed 000: 新增配套炉具
-- 每户1台): province 500 + city 300 + county stove_county_yuan (≤ 200).
-- Also counts clean-coal households without a CO alarm (seed 004: every one gets an alarm).
-- Tonnes are summed per township first; the prices (table policy) multiply the sums.
WITH sums AS (
  SELECT
    CASE WHEN grouping(township) = 1 THEN 'county' ELSE 'township' END AS level,
    CASE WHEN grouping(township) = 1 THEN NULL ELSE coalesce(township, '未填乡镇') END AS township,
    grouping(township) AS is_county,
    count(*) AS households,
    sum(coalesce(coal_tonnes, 0)) AS tonnes,
    sum(least(coalesce(coal_tonnes, 0), (SELECT coal_cap_t_per_household FROM policy))) AS subsidised_tonnes,
    count(*) FILTER (WHERE co_alarm IS NOT TRUE) AS without_co_alarm
  FROM households
  WHERE heating = 'clean_coal'
  GROUP BY GROUPING SETS ((township), ())
), priced AS (
  SELECT
    s.*,
    s.tonnes - s.subsidised_tonnes AS unsubsidised_tonnes,
    greatest(p.coal_price - p.coal_province_yuan_per_t - p.coal_city_yuan_per_t - p.coal_resident_yuan_per_t, 0) AS county_yuan_per_t,
    least(p.stove_county_yuan, p.stove_county_max_yuan) AS stove_county_each,
    p.*
  FROM sums s CROSS JOIN policy p
)
SELECT
  level,
  township,
  households,
  tonnes,
  subsidised_tonnes,
  unsubsidised_tonnes,
  subsidised_tonnes * coal_province_yuan_per_t AS province_subsidy_yuan,
  subsidised_tonnes * coal_city_yuan_per_t AS city_subsidy_yuan,
  subsidised_tonnes * coal_resident_yuan_per_t + unsubsidised_tonnes * coal_price AS residents_payment_yuan,
  subsidised_tonnes * county_yuan_per_t AS county_coal_subsidy_yuan,
  households AS new_stoves,
  households * stove_province_yuan AS stove_province_yuan,
  households * stove_city_yuan AS stove_city_yuan,
  households * stove_county_each AS stove_county_yuan,
  subsidised_tonnes * county_yuan_per_t + households * stove_county_each AS county_total_yuan,
  without_co_alarm
FROM priced
ORDER BY is_county, township
