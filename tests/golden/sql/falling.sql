WITH partner_values AS (
  SELECT
    pf.year AS year,
    pf.b AS country,
    pf.cs AS value
  FROM pair_figures AS pf
  WHERE
    pf.dataset = 'demo'
    AND pf.subject = 'natural_sciences'
    AND pf.a = 'CHN'
    AND pf.year IN (2020, 2023)
), scope AS (
  SELECT
    pv.country AS country
  FROM partner_values AS pv
  WHERE
    pv.year = 2023
  ORDER BY
    pv.value DESC,
    pv.country
  LIMIT 15
), growth AS (
  SELECT
    s.country AS country,
    COALESCE(st.value, 0) AS start_value,
    en.value AS end_value,
    en.value - COALESCE(st.value, 0) AS abs_change,
    CASE WHEN st.value >= 1.0 THEN (
      en.value - st.value
    ) / st.value * 100 END AS pct_change
  FROM scope AS s
  JOIN partner_values AS en
    ON en.country = s.country AND en.year = 2023
  LEFT JOIN partner_values AS st
    ON st.country = s.country AND st.year = 2020
)
SELECT
  g.country AS country,
  g.start_value AS start_value,
  g.end_value AS end_value,
  g.abs_change AS abs_change,
  g.pct_change AS pct_change,
  ROW_NUMBER() OVER (ORDER BY g.abs_change ASC, g.country) AS rank
FROM growth AS g
ORDER BY
  rank
