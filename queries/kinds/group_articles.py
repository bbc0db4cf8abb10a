"""The SQL shape shared by the aggregate (with a group) and share kinds."""

from __future__ import annotations

from queries.compile import Compiled, common_values, compiled, register_shape
from queries.datasets import DatasetContext
from queries.model import Question

# Articles involving the focal country and at least one other group member, looked up in
# group_figures, which the build counted once per article (a sum over pairs would count an
# article with two member co-authors twice) for each period of constant membership: the
# question's membership date picks the period. No row is no such article: 0.
GROUP_ARTICLES = register_shape(
    "group_articles",
    """
WITH requested_years AS (
  SELECT w.year AS year FROM windows AS w WHERE w.dataset = :dataset AND w.year IN (:years)
)
SELECT ry.year AS year, :focal AS country, COALESCE(gf.articles, 0) AS value,
       cf.international AS international
FROM requested_years AS ry
LEFT JOIN group_figures AS gf
  ON gf.dataset = :dataset AND gf.group_code = :group AND gf.subject = :subject
  AND gf.iso3 = :focal AND gf.year = ry.year
  AND (gf.from_date IS NULL OR gf.from_date <= :on_date)
  AND (gf.to_date IS NULL OR gf.to_date > :on_date)
LEFT JOIN country_figures AS cf
  ON cf.dataset = :dataset AND cf.subject = :subject AND cf.iso3 = :focal AND cf.year = ry.year
ORDER BY ry.year""",
)


def group_articles(q: Question, ctx: DatasetContext) -> Compiled:
    """Articles with the focal country and ≥1 other group member, beside its international
    total; WORLD is a group of its own in group_figures (every country, always)."""
    return compiled(GROUP_ARTICLES, "", False, "", common_values(q, ctx))
