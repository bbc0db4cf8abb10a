"""The SQL shape shared by the aggregate (with a group) and share kinds."""

from __future__ import annotations

from queries.compile import Compiled, common_values, compiled, register_shape, subjects_of
from queries.datasets import DatasetContext
from queries.model import Question

# Articles involving the focal country and at least one group member: counted once per
# article from article-level rows (a sum over pairs would count an article with two member
# co-authors twice).
GROUP_ARTICLES = register_shape(
    "group_articles",
    """
WITH requested_years AS (
  SELECT w.year AS year FROM windows AS w WHERE w.dataset = :dataset AND w.year IN (:years)
), {group_cte}
focal_articles AS (
  SELECT ac.article_id AS article_id, ac.year AS year FROM article_countries AS ac
  WHERE ac.dataset = :dataset AND ac.iso3 = :focal AND ac.subject IN (:subjects)
    AND ac.year IN (:years) AND ac.n_countries > 1
),
articles_with_group AS (
  SELECT DISTINCT fa.article_id AS article_id, fa.year AS year
  FROM focal_articles AS fa
  JOIN article_countries AS pc ON pc.article_id = fa.article_id AND pc.dataset = :dataset
  WHERE pc.iso3 <> :focal AND pc.iso3 IN (SELECT gm.iso3 FROM group_members AS gm)
),
group_counts AS (
  SELECT awg.year AS year, COUNT(*) AS articles FROM articles_with_group AS awg GROUP BY awg.year
)
SELECT ry.year AS year, :focal AS country, COALESCE(gc.articles, 0) AS value,
       cf.international AS international
FROM requested_years AS ry
LEFT JOIN group_counts AS gc ON gc.year = ry.year
LEFT JOIN country_figures AS cf
  ON cf.dataset = :dataset AND cf.subject = :subject AND cf.iso3 = :focal AND cf.year = ry.year
ORDER BY ry.year""",
)


def group_articles(q: Question, ctx: DatasetContext) -> Compiled:
    """Articles with the focal country and ≥1 group member, beside its international total."""
    values = {**common_values(q, ctx), "subjects": list(subjects_of(q.subject))}
    return compiled(GROUP_ARTICLES, "", True, "", values, world=q.group == "WORLD")
