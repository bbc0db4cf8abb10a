"""How the demo's articles are made: authors per article, Shares, and drawing partners by weight."""

from __future__ import annotations

import numpy as np

from data.demo import makeup


def author_counts(rng: np.random.Generator, k: np.ndarray) -> np.ndarray:
    """Authors per article for articles with k countries (long-tailed, as in the sample)."""
    single_mu, single_sd = makeup.AUTHORS_LOG_SINGLE
    intl_mu, intl_sd = makeup.AUTHORS_LOG_INTERNATIONAL
    mu = np.where(k > 1, intl_mu, single_mu)
    sd = np.where(k > 1, intl_sd, single_sd)
    n = np.rint(rng.lognormal(mu, sd)).astype(np.int64)
    return np.clip(n, k, makeup.MAX_AUTHORS)


def draw_shares(rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    """Shares for articles whose countries are the rows of `country` (-1 = none; column 0
    leads): every country has one author, the rest go to the lead LEAD_WEIGHT times as often
    as to each other, and an author with a second country gives it half their 1/N."""
    m = len(country)
    present = country >= 0
    k = present.sum(axis=1)
    n = author_counts(rng, k)
    rows = np.repeat(np.arange(m), n - k)
    u = rng.random(rows.size) * (makeup.LEAD_WEIGHT + k[rows] - 1)
    slot = np.where(
        u < makeup.LEAD_WEIGHT,
        0,
        np.minimum(1 + (u - makeup.LEAD_WEIGHT).astype(np.int64), k[rows] - 1),
    )
    authors = present.astype(np.int64)
    np.add.at(authors, (rows, slot), 1)
    share = authors / n[:, None]
    dual = rng.binomial(authors, makeup.MULTI_COUNTRY_AUTHOR_P)
    dual[k < 2] = 0
    r, j = np.nonzero(dual)
    r, j = np.repeat(r, dual[r, j]), np.repeat(j, dual[r, j])
    dest = (j + 1 + (rng.random(r.size) * (k[r] - 1)).astype(np.int64)) % k[r]
    half = 0.5 / n[r]
    np.add.at(share, (r, j), -half)
    np.add.at(share, (r, dest), half)
    return share


def pick(rng: np.random.Generator, weights: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Row i: k[i] distinct columns drawn by weight without replacement (Gumbel top-k), -1 after."""
    with np.errstate(divide="ignore"):
        keys = np.log(weights) + rng.gumbel(size=weights.shape)
    width = min(int(k.max()), weights.shape[1]) if len(k) else 0
    if width == 0:
        return np.full((len(k), 0), -1, dtype=np.int64)
    # The `width` largest keys of each row (unordered), then those few put in order.
    top = np.argpartition(-keys, width - 1, axis=1)[:, :width]
    rank = np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1, kind="stable")
    order = np.take_along_axis(top, rank, axis=1)
    return np.where(np.arange(width)[None, :] < k[:, None], order, -1)


def apportion(weights: np.ndarray, n: int) -> np.ndarray:
    """n whole units split in proportion to `weights` (largest remainders; evenly if all 0)."""
    total = weights.sum()
    quota = weights / total * n if total > 0 else np.full(len(weights), n / len(weights))
    out = np.floor(quota).astype(np.int64)
    rest = n - int(out.sum())
    out[np.argsort(-(quota - out), kind="stable")[:rest]] += 1
    return out


def fraction_shares(remainder: float) -> tuple[float, float, float]:
    """China, partner and carrier Shares of an article whose first two sum to `remainder`."""
    best: tuple[float, int, int] | None = None
    for n in range(4, 401):
        k = min(max(round(remainder * n), 2), n - 1)
        err = abs(k / n - remainder)
        if best is None or err < best[0] - 1e-15:
            best = (err, n, k)
    assert best is not None
    _, n, k = best
    china = (k + 1) // 2
    return china / n, (k - china) / n, (n - k) / n
