WITH partner_values AS (
  SELECT
    pf.year AS year,
    pf.b AS country,
    pf.cs AS value
  FROM pair_figures AS pf
  WHERE
    pf.dataset = 'demo' AND pf.subject = 'all' AND pf.a = 'CHN' AND pf.year IN (2023)
), ranked_partners AS (
  SELECT
    pv.year AS year,
    pv.country AS country,
    pv.value AS value,
    ROW_NUMBER() OVER (ORDER BY pv.value DESC, pv.country) AS rank
  FROM partner_values AS pv
)
SELECT
  rp.year AS year,
  rp.country AS country,
  rp.value AS value,
  rp.rank AS rank
FROM ranked_partners AS rp
WHERE
  rp.rank <= 10 OR rp.country = 'SGP'
ORDER BY
  rp.rank
