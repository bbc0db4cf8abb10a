"""The reliability figures are what the tests saw: a fault test that posts twice is counted as
posting twice, whichever tests run and in whatever order (RELIABILITY.md quotes them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from test_cli import ROOT

pytestmark = [pytest.mark.timeout(300), pytest.mark.slow]

DOUBLE_POST = '''
import pytest


@pytest.fixture(autouse=True)
def post_every_message_twice(monkeypatch):
    """A bug to catch: every chat.postMessage is sent twice."""
    from slack_sdk import WebClient

    real = WebClient.chat_postMessage

    def twice(self, *args, **kwargs):
        real(self, *args, **kwargs)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(WebClient, "chat_postMessage", twice)
'''


def test_a_fault_test_that_posts_twice_is_counted_as_posting_twice(tmp_path):
    (tmp_path / "double_post.py").write_text(DOUBLE_POST)
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "double_post",
            "-o",
            f"cache_dir={cache}",
            "tests/test_reliability_slack.py",
            # one fault test, and the old recording test had it been there (it ran last)
            "-k",
            "three_server_errors or zz_record",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert "1 failed" in proc.stdout, proc.stdout[-3000:]  # the fault test caught the bug
    figures = json.loads((cache / "v" / "reliability" / "slack_faults").read_text())
    assert figures["faults"] == ["500, 502, 503 on chat.postMessage"]
    assert figures["answers_posted_twice"] == 1
    assert figures["answers_lost"] == 0
