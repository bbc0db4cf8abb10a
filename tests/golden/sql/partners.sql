WITH requested_years AS (
  SELECT
    w.year AS year
  FROM windows AS w
  WHERE
    w.dataset = 'demo' AND w.year IN (2015, 2023)
), requested_partners AS (
  SELECT
    c.iso3 AS country
  FROM countries AS c
  WHERE
    c.iso3 IN ('SGP', 'KOR', 'ITA')
), pair_values AS (
  SELECT
    pf.year AS year,
    pf.b AS country,
    pf.cs AS value
  FROM pair_figures AS pf
  WHERE
    pf.dataset = 'demo'
    AND pf.subject = 'natural_sciences'
    AND pf.a = 'CHN'
    AND pf.b IN ('SGP', 'KOR', 'ITA')
    AND pf.year IN (2015, 2023)
)
SELECT
  ry.year AS year,
  rp.country AS country,
  COALESCE(pv.value, 0) AS value
FROM requested_years AS ry
CROSS JOIN requested_partners AS rp
LEFT JOIN pair_values AS pv
  ON pv.year = ry.year AND pv.country = rp.country
ORDER BY
  rp.country,
  ry.year
