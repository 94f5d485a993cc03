-- 洁净煤取暖 Clean-coal heating budget (seeds 000, 002, 004), by township and county.
-- Households: heating = 'clean_coal'. Per household at most policy.coal_cap_t_per_household
-- tonnes are subsidised; tonnes above it the household pays in full (seed 002: 超出部分由居民全额自费).
-- Subsidised tonne at price P: province 100 + city 100, residents 900, county the rest
-- (P − 1100, never below 0). New stoves: one per NEW clean-coal user only (seed 000 二（八）（九）:
-- 对新增洁净煤用户…新增配套炉具每户1台): province 500 + city 300 + county stove_county_yuan (≤ 200).
-- Which households are new (the new_user field, else last season's ledger, 户号 0001 = 1):
-- clean-coal-users.sql, read here as the table indicator_clean_coal_users; counted in
-- new_user_assumed where neither said, and in matched_by_number where only the number matched.
-- Also counts NEW clean-coal users without a CO alarm (seed 000 一、二（十三）: 所有新增洁净煤用户
-- 全部配装一氧化碳报警器).
-- Tonnes are summed per township first; the prices (table policy) multiply the sums.
WITH sums AS (
  SELECT
    CASE WHEN grouping(township) = 1 THEN 'county' ELSE 'township' END AS level,
    CASE WHEN grouping(township) = 1 THEN NULL ELSE coalesce(township, '未填乡镇') END AS township,
    grouping(township) AS is_county,
    count(*) AS households,
    sum(coalesce(coal_tonnes, 0)) AS tonnes,
    sum(least(coalesce(coal_tonnes, 0), (SELECT coal_cap_t_per_household FROM policy))) AS subsidised_tonnes,
    count(*) FILTER (WHERE is_new) AS new_users,
    count(*) FILTER (WHERE assumed) AS new_user_assumed,
    count(*) FILTER (WHERE is_new AND co_alarm IS NOT TRUE) AS without_co_alarm,
    count(*) FILTER (WHERE numeric_match) AS matched_by_number
  FROM indicator_clean_coal_users
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
  new_users AS new_stoves,
  new_users * stove_province_yuan AS stove_province_yuan,
  new_users * stove_city_yuan AS stove_city_yuan,
  new_users * stove_county_each AS stove_county_yuan,
  subsidised_tonnes * county_yuan_per_t + new_users * stove_county_each AS county_total_yuan,
  new_user_assumed,
  without_co_alarm,
  matched_by_number
FROM priced
ORDER BY is_county, township
