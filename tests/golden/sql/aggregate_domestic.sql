WITH requested_years AS (
  SELECT
    w.year AS year
  FROM windows AS w
  WHERE
    w.dataset = 'demo' AND w.year IN (2015, 2023)
)
SELECT
  ry.year AS year,
  'CHN' AS country,
  COALESCE(cf.domestic, 0) AS value
FROM requested_years AS ry
LEFT JOIN country_figures AS cf
  ON cf.dataset = 'demo'
  AND cf.subject = 'natural_sciences'
  AND cf.iso3 = 'CHN'
  AND cf.year = ry.year
ORDER BY
  ry.year
