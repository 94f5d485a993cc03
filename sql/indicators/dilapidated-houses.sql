-- 农村危房改造 Dilapidated-house renovation (seed 000), by township and county.
-- Households with house_grade C (repair) or D (rebuild); subsidy from the table
-- dilapidated_subsidy (category × grade, src/db/policy.ts). A household whose low_income
-- category is missing gets no subsidy and is counted in no_category.
-- area_rule_breaches counts households breaking the floor-area rule (view indicator_dilapidated_area_rule, from dilapidated-area-rule.sql).
-- A household's township: its column, else the township polygon it lies in (township_in), else 未填乡镇.
WITH h AS (
  SELECT
    coalesce(h.township, h.township_in, '未填乡镇') AS township,
    h.house_grade AS grade,
    s.yuan,
    r.household_id IS NOT NULL AS breach
  FROM households h
  LEFT JOIN dilapidated_subsidy s ON s.grade = h.house_grade AND s.category = h.low_income
  LEFT JOIN (SELECT DISTINCT household_id FROM indicator_dilapidated_area_rule) r ON r.household_id = h.id
  WHERE h.house_grade IN ('C', 'D')
)
SELECT
  CASE WHEN grouping(township) = 1 THEN 'county' ELSE 'township' END AS level,
  township,
  count(*) AS households,
  count(*) FILTER (WHERE grade = 'D') AS d_rebuild,
  count(*) FILTER (WHERE grade = 'C') AS c_repair,
  coalesce(sum(yuan) FILTER (WHERE grade = 'D'), 0) AS d_subsidy_yuan,
  coalesce(sum(yuan) FILTER (WHERE grade = 'C'), 0) AS c_subsidy_yuan,
  coalesce(sum(yuan), 0) AS subsidy_yuan,
  count(*) FILTER (WHERE yuan IS NULL) AS no_category,
  count(*) FILTER (WHERE breach) AS area_rule_breaches
FROM h
GROUP BY GROUPING SETS ((township), ())
ORDER BY grouping(township), township
