"""Headlines and notes read as English and say what a reader needs (demo database)."""

from __future__ import annotations


def test_possessive_of_names_ending_in_s(demo_answerer):
    ans = demo_answerer.answer("China's rank among US partners 2023")
    assert ans.ok, ans.error
    assert "United States' largest partner" in ans.headline
    assert "States's" not in ans.headline


def test_absolute_rise_is_not_called_fastest(demo_answerer):
    ans = demo_answerer.answer("biggest CS increase with China since 2015")
    assert ans.ok, ans.error
    assert "biggest increase" in ans.headline and "fastest" not in ans.headline


def test_a_partner_folded_into_china_is_explained(demo_answerer):
    ans = demo_answerer.answer("CS China–Hong Kong 2023")
    assert ans.ok, ans.error
    assert [r.value for r in ans.rows] == [0.0]
    assert any("Hong Kong and Macao within China" in n for n in ans.notes)


def test_subject_is_named_in_a_top_headline(demo_answerer):
    ans = demo_answerer.answer("China's top 3 partners in biological sciences 2023")
    assert "(biological sciences)" in ans.headline
