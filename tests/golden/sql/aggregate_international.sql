SELECT
  cf.year AS year,
  cf.iso3 AS country,
  cf.international AS value
FROM country_figures AS cf
WHERE
  cf.dataset = 'demo'
  AND cf.subject = 'natural_sciences'
  AND cf.iso3 = 'CHN'
  AND cf.year IN (2015, 2023)
