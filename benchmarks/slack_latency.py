"""Time from a Slack event received to the answer posted and to the chart uploaded.

Runs the real HTTP server and app against the in-process fake Web API (tests/slack_fakes.py),
sends N signed app_mention events one after another and reports median and p95.

    .venv/bin/python benchmarks/slack_latency.py [--events 50] [--question "..."] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from slack_fakes import (  # noqa: E402
    SIGNING_SECRET,
    FakeSlack,
    event_body,
    mention_event,
    pipeline_services,
    post_signed,
    wait_until,
)

from bot.slack import SlackSettings, create_app, http_server  # noqa: E402


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


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
        settings = SlackSettings(
            bot_token="xoxb-b", signing_secret=SIGNING_SECRET, api_url=fake.url
        )
        app = create_app(settings, **pipeline_services(db))
        srv = http_server(app, port=0, host="127.0.0.1")
        srv.start_in_thread()
        url = f"http://127.0.0.1:{srv.port}/slack/events"
        ack, posted, uploaded = [], [], []
        try:
            for i in range(args.events + 1):  # the first one warms caches and is dropped
                fake.reset()
                ts = f"1690000000.{i:06d}"
                body = event_body(mention_event(args.question, "C0BENCH01", ts))
                start = time.monotonic()
                status, _ = post_signed(url, body, "application/json")
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
        finally:
            srv.shutdown()
            srv.server_close()
    report = {
        "events": args.events,
        "question": args.question,
        "ack_ms": {"median": statistics.median(ack) * 1e3, "p95": p95(ack) * 1e3},
        "answer_posted_ms": {"median": statistics.median(posted) * 1e3, "p95": p95(posted) * 1e3},
        "chart_uploaded_ms": {
            "median": statistics.median(uploaded) * 1e3,
            "p95": p95(uploaded) * 1e3,
        },
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(f"{args.events} events, question: {args.question}")
        for key in ("ack_ms", "answer_posted_ms", "chart_uploaded_ms"):
            print(f"  {key:<18} median {report[key]['median']:7.1f}  p95 {report[key]['p95']:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
