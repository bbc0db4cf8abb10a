"""Time from a Slack event received to the answer posted and to the chart uploaded, and the
Web API calls each answer costs.

Runs the real app behind the production ASGI stack (uvicorn, in process) against the
in-process fake Web API (tests/slack_fakes.py), sends N signed app_mention events one after
another and reports median and p95; then asks a question and a thread follow-up and counts
the calls made for each.

    .venv/bin/python benchmarks/slack_latency.py [--events 50] [--question "..."] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from slack_fakes import (  # noqa: E402
    BotServer,
    FakeSlack,
    event_body,
    mention_event,
    pipeline_services,
    post_signed,
    test_settings,
    wait_until,
)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def latency(bot: BotServer, fake: FakeSlack, question: str, events: int) -> dict:
    ack, posted, uploaded = [], [], []
    for i in range(events + 1):  # the first one warms caches and is dropped
        fake.reset()
        ts = f"1690000000.{i:06d}"
        body = event_body(mention_event(question, "C0BENCH01", ts))
        start = time.monotonic()
        status, _ = post_signed(bot.url, body, "application/json")
        acked = time.monotonic()
        assert status == 200
        [msg] = wait_until(lambda: fake.of("chat.postMessage"), timeout=60, interval=0.002)
        [done] = wait_until(
            lambda: fake.of("files.completeUploadExternal"), timeout=60, interval=0.002
        )
        if i:
            ack.append(acked - start)
            posted.append(msg.at - start)
            uploaded.append(done.at - start)
    return {
        "ack_ms": {"median": statistics.median(ack) * 1e3, "p95": p95(ack) * 1e3},
        "answer_posted_ms": {"median": statistics.median(posted) * 1e3, "p95": p95(posted) * 1e3},
        "chart_uploaded_ms": {
            "median": statistics.median(uploaded) * 1e3,
            "p95": p95(uploaded) * 1e3,
        },
    }


def calls_per_answer(bot: BotServer, fake: FakeSlack, question: str) -> dict:
    """Web API calls for a fresh question and for a plain reply that edits it."""
    out = {}
    ts = "1690001000.000001"
    steps = [
        ("question", mention_event(question, "C0BENCH02", ts)),
        (
            "thread_follow_up",
            {
                "type": "message",
                "channel": "C0BENCH02",
                "channel_type": "channel",
                "user": "U0HUMAN01",
                "text": "and Italy?",
                "ts": "1690001000.000002",
                "thread_ts": ts,
            },
        ),
    ]
    for name, event in steps:
        wait_until(lambda: bot.svc.work.in_flight == 0, timeout=60)
        fake.calls.clear()
        post_signed(bot.url, event_body(event), "application/json")
        wait_until(lambda: fake.of("files.completeUploadExternal"), timeout=60)
        wait_until(lambda: bot.svc.work.in_flight == 0, timeout=60)
        time.sleep(0.3)
        methods = Counter(c.method for c in fake.calls)
        out[name] = {"total": sum(methods.values()), **dict(sorted(methods.items()))}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=50)
    ap.add_argument("--question", default="CS China–Thailand 2015 vs 2023")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--db", help="database (default: build the demo into a temporary folder)")
    args = ap.parse_args(argv)
    db = args.db
    if db is None:
        import tempfile

        from data.demo import build_demo

        db = str(Path(tempfile.mkdtemp(prefix="collabbot-bench-")) / "demo.duckdb")
        print("building the demo database …", file=sys.stderr)
        build_demo(db)
    with FakeSlack() as fake:
        settings = test_settings(fake.url, user_rate=0, channel_rate=0)
        with BotServer(settings, **pipeline_services(db)) as bot:
            report = {
                "events": args.events,
                "question": args.question,
                **latency(bot, fake, args.question, args.events),
                "web_api_calls": calls_per_answer(bot, fake, args.question),
            }
    if args.json:
        print(json.dumps(report))
    else:
        print(f"{args.events} events, question: {args.question}")
        for key in ("ack_ms", "answer_posted_ms", "chart_uploaded_ms"):
            print(f"  {key:<18} median {report[key]['median']:7.1f}  p95 {report[key]['p95']:7.1f}")
        for name, calls in report["web_api_calls"].items():
            print(f"  Web API calls, {name}: {calls}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
