"""A coverage-guided fuzz run of the parser (tests/fuzz_parser.py, atheris) for a fixed budget.

atheris comes with the `dev` extra (`make test` installs it); should it be missing, the test fails
in CI (CI=true) and is skipped with a loud reason on a developer's machine.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

FUZZER = Path(__file__).resolve().parent / "fuzz_parser.py"
BUDGET_S = int(os.environ.get("COLLABBOT_FUZZ_SECONDS", "20"))


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.mark.slow
@pytest.mark.timeout(BUDGET_S + 360)
def test_parser_survives_a_fuzz_run(tmp_path, request):
    if importlib.util.find_spec("atheris") is None:
        reason = "atheris is not installed: the parser fuzz run (tests/fuzz_parser.py) did NOT run"
        if in_ci():
            pytest.fail(reason + " — CI must install atheris")
        warnings.warn(reason, stacklevel=1)
        pytest.skip("!!! " + reason + " (pip install atheris) !!!")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, seed in enumerate(
        [
            "CS China–Thailand 2015 vs 2023",
            "top 15 BRI partners of China 2023",
            "China share of BRI 2023",
            "and Italy?",
            "2019 instead",
        ]
    ):
        (corpus / f"seed{i}").write_text(seed, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            str(FUZZER),
            f"-max_total_time={BUDGET_S}",
            "-rss_limit_mb=4096",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        timeout=BUDGET_S + 300,  # instrumenting the imports takes a while on a busy machine
    )
    log = proc.stdout + proc.stderr
    runs = re.findall(r"Done (\d+) runs", log)
    cov = re.findall(r"cov: (\d+)", log)
    figures = {
        "budget_s": BUDGET_S,
        "runs": int(runs[-1]) if runs else None,
        "coverage_edges": int(cov[-1]) if cov else None,
        "crashes": int(proc.returncode != 0),
    }
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        cache.set("reliability/fuzz_parser", figures)
    print(f"\nreliability fuzz_parser {figures}")
    assert proc.returncode == 0, log[-4000:]
