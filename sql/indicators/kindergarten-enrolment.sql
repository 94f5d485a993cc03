-- 学前教育三项指标 Kindergarten indicators (seed 000), by township and county.
--   gross_enrolment = enrolled ÷ children aged 3–5 (学前三年毛入园率, target ≥ 85%)
--   inclusive_share = children in inclusive kindergartens ÷ enrolled (普惠性幼儿园覆盖率, ≥ 80%);
--                     普惠性幼儿园 = 公办园 + 普惠性民办园: a public kindergarten is inclusive
--                     whatever its `inclusive` says (ledgers mark 否 on public ones), a private one
--                     when `inclusive` is true — as the 幼儿园 panel (analysis/kindergarten-access.ts)
--   public_share    = children in public kindergartens ÷ enrolled (公办园在园幼儿占比, ≥ 50%)
-- Children aged 3–5 by the one rule of every kindergarten figure (householdChildren in
-- analysis/kindergarten-access.ts, the 幼儿园 panel): households.children_3_5 where given; else
-- persons × policy.child_share (an estimate, 估算; counted in children_estimated_households); else 0
-- (counted in children_missing_households). Enrolment from kindergartens.enrolled. Both are grouped
-- by their `township` field, else the township polygon they lie in (township_in,
-- src/db/project-tables.ts; for households householdTownshipsOf, as the 幼儿园 panel), else 未填乡镇.
WITH kids AS (
  SELECT
    coalesce(township, township_in, '未填乡镇') AS township,
    sum(CASE WHEN children_3_5 >= 0 THEN children_3_5 WHEN persons >= 0 THEN persons * (SELECT child_share FROM policy) ELSE 0 END) AS children_3_5,
    count(*) AS households,
    count(*) FILTER (WHERE NOT coalesce(children_3_5 >= 0, false) AND coalesce(persons >= 0, false)) AS children_estimated_households,
    count(*) FILTER (WHERE NOT coalesce(children_3_5 >= 0, false) AND NOT coalesce(persons >= 0, false)) AS children_missing_households
  FROM households
  GROUP BY 1
), kg AS (
  SELECT
    -- its township field, else the township polygon it stands in (township_in), as the 幼儿园 panel
    coalesce(township, township_in, '未填乡镇') AS township,
    count(*) AS kindergartens,
    sum(TRY_CAST(capacity AS DOUBLE)) AS capacity,
    sum(TRY_CAST(enrolled AS DOUBLE)) AS enrolled,
    sum(CASE WHEN ownership = 'public' OR coalesce(TRY_CAST(inclusive AS BOOLEAN), false) THEN TRY_CAST(enrolled AS DOUBLE) ELSE 0 END) AS inclusive_enrolled,
    sum(CASE WHEN ownership = 'public' THEN TRY_CAST(enrolled AS DOUBLE) ELSE 0 END) AS public_enrolled
  FROM kindergartens
  GROUP BY 1
), joined AS (
  SELECT
    coalesce(kids.township, kg.township) AS township,
    coalesce(kids.children_3_5, 0) AS children_3_5,
    coalesce(kids.households, 0) AS households,
    coalesce(kids.children_estimated_households, 0) AS children_estimated_households,
    coalesce(kids.children_missing_households, 0) AS children_missing_households,
    coalesce(kg.kindergartens, 0) AS kindergartens,
    coalesce(kg.capacity, 0) AS capacity,
    coalesce(kg.enrolled, 0) AS enrolled,
    coalesce(kg.inclusive_enrolled, 0) AS inclusive_enrolled,
    coalesce(kg.public_enrolled, 0) AS public_enrolled
  FROM kids FULL OUTER JOIN kg ON kids.township = kg.township
)
SELECT
  CASE WHEN grouping(township) = 1 THEN 'county' ELSE 'township' END AS level,
  township,
  sum(children_3_5) AS children_3_5,
  sum(households) AS households,
  sum(children_estimated_households) AS children_estimated_households,
  sum(children_missing_households) AS children_missing_households,
  sum(kindergartens) AS kindergartens,
  sum(capacity) AS capacity,
  sum(enrolled) AS enrolled,
  sum(inclusive_enrolled) AS inclusive_enrolled,
  sum(public_enrolled) AS public_enrolled,
  sum(enrolled) / nullif(sum(children_3_5), 0) AS gross_enrolment,
  sum(inclusive_enrolled) / nullif(sum(enrolled), 0) AS inclusive_share,
  sum(public_enrolled) / nullif(sum(enrolled), 0) AS public_share
FROM joined
GROUP BY GROUPING SETS ((township), ())
ORDER BY grouping(township), township
