WITH group_members AS (
  SELECT
    m.iso3 AS iso3
  FROM memberships AS m
  WHERE
    m.group_code = 'BRI'
    AND m.from_date <= CAST('2023-07-31' AS DATE)
    AND (
      m.to_date IS NULL OR m.to_date > CAST('2023-07-31' AS DATE)
    )
), partner_values AS (
  SELECT
    pf.year AS year,
    pf.b AS country,
    pf.cs AS value
  FROM pair_figures AS pf
  WHERE
    pf.dataset = 'demo'
    AND pf.subject = 'natural_sciences'
    AND pf.a = 'CHN'
    AND pf.year IN (2023)
    AND pf.b IN (
      SELECT
        gm.iso3 AS iso3
      FROM group_members AS gm
    )
), ranked_partners AS (
  SELECT
    pv.country AS country,
    ROW_NUMBER() OVER (ORDER BY pv.value DESC, pv.country) AS rank
  FROM partner_values AS pv
  WHERE
    pv.year = 2023
)
SELECT
  pv.year AS year,
  pv.country AS country,
  pv.value AS value,
  rp.rank AS rank
FROM partner_values AS pv
JOIN ranked_partners AS rp
  ON rp.country = pv.country
WHERE
  rp.rank <= 15
ORDER BY
  rp.rank,
  pv.year
