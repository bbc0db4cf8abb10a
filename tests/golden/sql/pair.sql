SELECT
  pf.year AS year,
  pf.b AS country,
  pf.cs AS value
FROM pair_figures AS pf
WHERE
  pf.dataset = 'demo'
  AND pf.subject = 'natural_sciences'
  AND pf.a = 'CHN'
  AND pf.b IN ('THA')
  AND pf.year IN (2015, 2023)
