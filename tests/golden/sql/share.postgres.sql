WITH requested_years AS (
  SELECT
    w.year AS year
  FROM windows AS w
  WHERE
    w.dataset = 'demo' AND w.year IN (2015, 2023)
), group_members AS (
  SELECT
    m.iso3 AS iso3
  FROM memberships AS m
  WHERE
    m.group_code = 'BRI'
    AND m.from_date <= CAST('2023-07-31' AS DATE)
    AND (
      m.to_date IS NULL OR m.to_date > CAST('2023-07-31' AS DATE)
    )
), focal_articles AS (
  SELECT
    ac.article_id AS article_id,
    ac.year AS year
  FROM article_countries AS ac
  WHERE
    ac.dataset = 'demo'
    AND ac.iso3 = 'CHN'
    AND ac.subject IN (
      'biological_sciences',
      'chemistry',
      'earth_environmental_sciences',
      'physical_sciences'
    )
    AND ac.year IN (2015, 2023)
    AND ac.n_countries > 1
), articles_with_group AS (
  SELECT DISTINCT
    fa.article_id AS article_id,
    fa.year AS year
  FROM focal_articles AS fa
  JOIN article_countries AS pc
    ON pc.article_id = fa.article_id AND pc.dataset = 'demo'
  WHERE
    pc.iso3 <> 'CHN'
    AND pc.iso3 IN (
      SELECT
        gm.iso3 AS iso3
      FROM group_members AS gm
    )
), group_counts AS (
  SELECT
    awg.year AS year,
    COUNT(*) AS articles
  FROM articles_with_group AS awg
  GROUP BY
    awg.year
)
SELECT
  ry.year AS year,
  'CHN' AS country,
  COALESCE(gc.articles, 0) AS value,
  cf.international AS international
FROM requested_years AS ry
LEFT JOIN group_counts AS gc
  ON gc.year = ry.year
LEFT JOIN country_figures AS cf
  ON cf.dataset = 'demo'
  AND cf.subject = 'natural_sciences'
  AND cf.iso3 = 'CHN'
  AND cf.year = ry.year
ORDER BY
  ry.year
