-- 危房改造面积标准 Floor-area rule (seed 000): households (grade C or D) whose planned floor area
-- breaks it. 1–3 persons: ≤ 60 m², and a 1-person household ≥ 30 m²; more than 3 persons:
-- 13–18 m² per person. Households without persons or floor area are not checked.
-- One row per breaching household, with lon/lat so the result can be shown on the map.
-- township: the household's township column, else the township polygon it lies in (township_in,
-- src/db/project-tables.ts), else 未填乡镇; township_source says which ('field', 'polygon', '').
SELECT
  h.id AS household_id,
  coalesce(h.township, h.township_in, '未填乡镇') AS township,
  CASE WHEN h.township IS NOT NULL THEN 'field' WHEN h.township_in IS NOT NULL THEN 'polygon' ELSE '' END AS township_source,
  h.village,
  h.house_grade,
  h.persons,
  h.floor_area_m2,
  CASE WHEN h.persons <= p.area_small_household_max_persons
       THEN CASE WHEN h.persons <= 1 THEN p.area_single_min_m2 ELSE 0 END
       ELSE h.persons * p.area_per_person_min_m2 END AS min_area_m2,
  CASE WHEN h.persons <= p.area_small_household_max_persons
       THEN p.area_small_max_m2
       ELSE h.persons * p.area_per_person_max_m2 END AS max_area_m2,
  CASE WHEN h.floor_area_m2 > (CASE WHEN h.persons <= p.area_small_household_max_persons THEN p.area_small_max_m2 ELSE h.persons * p.area_per_person_max_m2 END)
       THEN 'too_large' ELSE 'too_small' END AS breach,
  h.lon,
  h.lat
FROM households h CROSS JOIN policy p
WHERE h.house_grade IN ('C', 'D')
  AND h.persons >= 1
  AND h.floor_area_m2 IS NOT NULL
  AND (
    h.floor_area_m2 > (CASE WHEN h.persons <= p.area_small_household_max_persons THEN p.area_small_max_m2 ELSE h.persons * p.area_per_person_max_m2 END)
    OR h.floor_area_m2 < (CASE WHEN h.persons <= p.area_small_household_max_persons
                               THEN CASE WHEN h.persons <= 1 THEN p.area_single_min_m2 ELSE 0 END
                               ELSE h.persons * p.area_per_person_min_m2 END)
  )
ORDER BY township, household_id
