WITH requested_years AS (
  SELECT
    w.year AS year
  FROM windows AS w
  WHERE
    w.dataset = 'demo'
    AND w.year IN (2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023)
), requested_partners AS (
  SELECT
    c.iso3 AS country
  FROM countries AS c
  WHERE
    c.iso3 IN ('SGP')
), pair_values AS (
  SELECT
    pf.year AS year,
    pf.b AS country,
    pf.joint_articles AS value
  FROM pair_figures AS pf
  WHERE
    pf.dataset = 'demo'
    AND pf.subject = 'natural_sciences'
    AND pf.a = 'CHN'
    AND pf.b IN ('SGP')
    AND pf.year IN (2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023)
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
