"""The `full` benchmark store's generator: one year of it has the shape the full snapshot gives the serving tables."""

from __future__ import annotations

import itertools

import duckdb
import pandas as pd

from benchmarks import full
from data.catalogue import countries


def test_one_year_has_every_pair_in_every_subject_and_whole_articles():
    con = duckdb.connect()
    codes = sorted(c.iso3 for c in countries())
    con.register("codes", pd.DataFrame({"iso3": codes}))
    con.register("subjects", pd.DataFrame({"k": range(5), "subject": full.SUBJECTS}))
    articles, authorships = full._frames(con, 2001)

    assert len(codes) >= 249  # every catalogue country (ISO 3166 and OpenAlex's extra codes)
    assert set(articles.year) == {2001} and set(articles.subject) == set(full.SUBJECTS)
    assert articles.article_id.is_unique
    # every article carries a Share of exactly 1
    totals = authorships.groupby("article_id").share.sum()
    assert ((totals - 1).abs() < 1e-12).all() and set(totals.index) == set(articles.article_id)
    # dense pairs: every unordered pair of countries co-authors in every subject
    rows = authorships.merge(articles[["article_id", "subject"]], on="article_id")
    sizes = rows.groupby("article_id").iso3.transform("size")
    two = rows[sizes == 2].groupby(["article_id", "subject"]).iso3.agg(["min", "max"])
    every = set(itertools.combinations(codes, 2))
    for subject, found in two.reset_index().groupby("subject"):
        assert (
            len(found) == len(every) and set(zip(found["min"], found["max"], strict=True)) == every
        ), subject
    # three-country articles (a group count is not a sum over pairs) and domestic ones
    assert (sizes == 3).sum() == 3 * len(codes) * 5
    assert (sizes == 1).sum() > 0
