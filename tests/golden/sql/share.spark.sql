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
  COALESCE(gf.articles, 0) AS value,
  cf.international AS international
FROM requested_years AS ry
LEFT JOIN group_figures AS gf
  ON gf.dataset = 'demo'
  AND gf.group_code = 'BRI'
  AND gf.subject = 'natural_sciences'
  AND gf.iso3 = 'CHN'
  AND gf.year = ry.year
  AND (
    gf.from_date IS NULL OR gf.from_date <= CAST('2023-07-31' AS DATE)
  )
  AND (
    gf.to_date IS NULL OR gf.to_date > CAST('2023-07-31' AS DATE)
  )
LEFT JOIN country_figures AS cf
  ON cf.dataset = 'demo'
  AND cf.subject = 'natural_sciences'
  AND cf.iso3 = 'CHN'
  AND cf.year = ry.year
ORDER BY
  ry.year NULLS LAST
