"""Coverage-guided fuzzing of the question parser with atheris (libFuzzer).

    python tests/fuzz_parser.py -max_total_time=30 [-runs=N] [CORPUS_DIR]

The property: `parse` and `apply_followup` raise nothing but UserError, and a parsed question's
receipt parses again. tests/test_reliability_fuzz.py runs this for a fixed budget in CI.
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports(include=["queries", "data"]):
    from queries.errors import UserError
    from queries.followup import apply_followup
    from queries.parse import ParseContext, parse, receipt

CTX = ParseContext(datasets=("demo", "openalex"))
BASE = parse("CS China–Thailand 2015 vs 2023", CTX)


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 600))
    try:
        q = parse(text, CTX)
    except UserError:
        pass
    else:
        again = receipt(q, CTX)
        try:
            parse(again, CTX)
        except UserError as err:  # a receipt must read back
            raise AssertionError(f"receipt {again!r} of {text!r} does not parse: {err}") from err
    with contextlib.suppress(UserError):
        apply_followup(BASE, text, CTX)


def main(argv: list[str]) -> None:
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
