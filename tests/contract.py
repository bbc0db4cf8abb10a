"""The fields PRODUCT.md promises in every `ask --json` object, written down once for the tests."""

CONTRACT_FIELDS = frozenset(
    {
        "question",
        "ok",
        "kind",
        "interpretation",
        "metric",
        "subject",
        "countries",
        "group",
        "years",
        "dataset",
        "rows",
        "change_pct",
        "sql",
        "notes",
        "error",
    }
)
