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
