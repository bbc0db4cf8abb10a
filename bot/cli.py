"""The command line: ask, chat, serve, run, data (info, build-demo, load) and bench."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from data.lock import Waiting
from data.schema import DEFAULT_LAG_MONTHS
from data.store import resolve_db_path
from queries.errors import UserError

EXAMPLE_QUESTION = "CS China–Thailand 2015 vs 2023"
MAX_BATCH_LINE = 10_000


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="PATH",
        help="database file (default: $COLLABBOT_DB or ~/.local/share/collabbot/collabbot.duckdb)",
    )


def _add_provenance(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the date the data was taken (default: read from the files, else the newest date "
        "in the data)",
    )
    p.add_argument(
        "--lag-months",
        type=int,
        default=DEFAULT_LAG_MONTHS,
        metavar="N",
        help=f"a year that ended less than N months before the as-of date may still grow "
        f"(default {DEFAULT_LAG_MONTHS})",
    )


def _add_wait(p: argparse.ArgumentParser) -> None:
    from data.lock import DEFAULT_WAIT_S

    p.add_argument(
        "--wait",
        metavar="SECONDS",
        type=_seconds,
        default=DEFAULT_WAIT_S,
        help=f"how long to wait for another load writing the same database (default {DEFAULT_WAIT_S:g})",
    )


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"“{text}” is not a number of seconds (0 or more)")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="collabbot",
        description="Answers questions about international research collaboration.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = sub.add_parser("ask", help="answer one question (or a batch)")
    ask.add_argument(
        "question", nargs="*", help='the question, e.g. "CS China–Thailand 2015 vs 2023"'
    )
    ask.add_argument("--json", action="store_true", help="print the JSON object of the contract")
    ask.add_argument("--blocks", action="store_true", help="print the Slack message JSON")
    ask.add_argument("--chart", metavar="PATH", help="write the chart PNG here")
    ask.add_argument("--sql", action="store_true", help="print the SQL that answers it")
    ask.add_argument(
        "--dialect", default="duckdb", help="SQL dialect for --sql/--json (via sqlglot)"
    )
    ask.add_argument("--dataset", help="dataset to ask (default: demo)")
    ask.add_argument(
        "--batch", metavar="FILE", help="one question a line ('-' = stdin); JSON lines out"
    )
    _add_db(ask)

    chat = sub.add_parser("chat", help="a terminal conversation; follow-ups edit the last question")
    chat.add_argument("--dataset")
    chat.add_argument(
        "--charts", metavar="DIR", help="folder for chart PNGs (default: a temp folder)"
    )
    _add_db(chat)

    serve = sub.add_parser("serve", help="run the Slack app (Socket Mode, or HTTP with --http)")
    serve.add_argument("--http", action="store_true", help="serve the Events API over HTTP")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    _add_db(serve)

    run = sub.add_parser("run", help="serve Slack when tokens are set, else answer an example")
    _add_db(run)

    data = sub.add_parser("data", help="datasets: info, build-demo, load")
    data_sub = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    info = data_sub.add_parser("info", help="what the database holds")
    info.add_argument("--json", action="store_true")
    _add_db(info)
    demo = data_sub.add_parser("build-demo", help="build the synthetic demo dataset")
    demo.add_argument("--if-missing", action="store_true", help="do nothing if the demo is there")
    _add_wait(demo)
    _add_db(demo)
    load = data_sub.add_parser(
        "load",
        help="load files: articles, pairs, countries, openalex-networks, openalex-works, natureindex",
    )
    load.add_argument(
        "kind",
        choices=(
            "articles",
            "pairs",
            "countries",
            "openalex-networks",
            "openalex-works",
            "natureindex",
            "spark-figures",
        ),
    )
    load.add_argument("paths", nargs="+", metavar="PATH")
    load.add_argument("--dataset", help="dataset name (default from the kind or file name)")
    load.add_argument(
        "--types",
        help="openalex-works: work types kept, comma-separated, or 'all' "
        "(default: article, i.e. research articles; journal-article in the older schema)",
    )
    load.add_argument(
        "--journals",
        metavar="FILE|nature-index",
        help="openalex-works: keep works in these journals only (a CSV with ISSN columns, or "
        "'nature-index' for the index's 145 journals)",
    )
    _add_provenance(load)
    _add_wait(load)
    _add_db(load)
    shared = data_sub.add_parser(
        "load-shared",
        help="load the real OpenAlex networks and works sample from a shared data folder",
    )
    shared.add_argument(
        "folder",
        nargs="?",
        help="the folder (default: $COLLABBOT_SHARED_DATA, else ../shared/data)",
    )
    shared.add_argument(
        "--if-missing", action="store_true", help="skip datasets the database already holds"
    )
    _add_db(shared)

    spark = data_sub.add_parser(
        "build-spark",
        help="build the tables from OpenAlex works on Apache Spark (then: data load spark-figures)",
    )
    spark.add_argument("src", nargs="+", metavar="SRC", help="works files or folders (or s3a://…)")
    spark.add_argument("out", metavar="OUT", help="output folder for the Parquet tables")
    where = spark.add_mutually_exclusive_group()
    where.add_argument("--master", help="local[N] (default local[2]) or a cluster master URL")
    where.add_argument("--remote", metavar="sc://HOST:PORT", help="a Spark Connect server")
    spark.add_argument("--format", default="json", choices=("json", "parquet"))
    spark.add_argument(
        "--types", help="work types kept, comma-separated, or 'all' (default: article)"
    )
    spark.add_argument(
        "--journals", metavar="FILE|nature-index", help="keep works in these journals only"
    )
    spark.add_argument("--shuffle-partitions", type=int, help="spark.sql.shuffle.partitions")
    spark.add_argument(
        "--driver-memory",
        metavar="SIZE",
        help="local mode: the Spark JVM's memory, e.g. 8g (default: a quarter of RAM, 1g–8g)",
    )

    openalex = sub.add_parser("openalex", help="the OpenAlex API: fetch country networks")
    openalex_sub = openalex.add_subparsers(dest="openalex_command", required=True, metavar="ACTION")
    fetch = openalex_sub.add_parser(
        "fetch", help="build yearly country co-authorship networks from the OpenAlex API"
    )
    fetch.add_argument("--years", required=True, help="e.g. 2015-2023 or 2015,2023")
    fetch.add_argument("--countries", nargs="*", help="codes or names (default: every country)")
    fetch.add_argument("--email", required=True, help="your contact email (OpenAlex polite pool)")
    fetch.add_argument(
        "--out", metavar="DIR", help="folder for the Pajek files (default: ./openalex-networks)"
    )
    fetch.add_argument("--no-load", action="store_true", help="only write the Pajek files")
    fetch.add_argument("--dataset", help="dataset name for the load (default: openalex)")
    fetch.add_argument(
        "--base-url",
        help="API base URL (default: $COLLABBOT_OPENALEX_URL or https://api.openalex.org)",
    )
    fetch.add_argument(
        "--cache-dir", metavar="DIR", help="response cache (default: ~/.cache/collabbot-openalex)"
    )
    fetch.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    _add_db(fetch)

    bench = sub.add_parser("bench", help="measure where the time goes")
    bench.add_argument("--quick", action="store_true")
    bench.add_argument("--json", action="store_true")
    bench.add_argument(
        "--full", action="store_true", help="also the full-snapshot serving shape (slow, cached)"
    )
    _add_db(bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except UserError as err:
        print(f"collabbot: {err.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "ask":
        return cmd_ask(args)
    if args.command == "chat":
        from bot.chat import run_chat
        from data.store import Store

        Store(args.db).connection()  # no database: exit 2 before the conversation starts
        tolerant_stdin()
        return run_chat(db=args.db, dataset=args.dataset, charts_dir=args.charts)
    if args.command == "serve":
        return cmd_serve(args)
    if args.command == "run":
        return cmd_run(args)
    if args.command == "data":
        return cmd_data(args)
    if args.command == "openalex":
        return cmd_openalex(args)
    if args.command == "bench":
        from benchmarks.bench import main_bench

        return main_bench(quick=args.quick, as_json=args.json, db=args.db, full=args.full)
    raise AssertionError(args.command)


# ---------------------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Bytes that are not UTF-8 (kept by argv and stdin as lone surrogates) become U+FFFD, so
    the answer can always be printed."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def tolerant_stdin() -> None:
    """Read stdin as UTF-8 with U+FFFD for bad bytes rather than fail on them."""
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors="replace")


def cmd_ask(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from bot.pipeline import Answerer

    out = out or sys.stdout
    answerer = Answerer(args.db, default_dataset=args.dataset)
    answerer.store.connection()  # no database is a setup error (exit 2), not an answer
    if args.batch:
        return _ask_batch(answerer, args, out)
    text = clean_text(" ".join(args.question))
    ans = answerer.answer(text)
    if args.json:
        from queries.serialize import answer_json

        out.write(json.dumps(answer_json(ans, args.dialect), ensure_ascii=False) + "\n")
    elif args.blocks:
        from bot.render import messages

        out.write(json.dumps(messages(ans), ensure_ascii=False, indent=2) + "\n")
    elif args.sql:
        from queries.serialize import transpile

        out.write((transpile(ans.sql, args.dialect) if ans.ok else ans.headline) + "\n")
    else:
        from bot.render import terminal_text

        out.write(terminal_text(ans) + "\n")
    if args.chart and ans.ok and ans.chart is not None:
        from bot.charts import front_end

        png = front_end(answerer.store.path).render_png(ans)
        if png:
            Path(args.chart).write_bytes(png)
            print(f"chart written to {args.chart}", file=sys.stderr)
    return 0 if ans.ok else 1


def _ask_batch(answerer, args: argparse.Namespace, out: TextIO) -> int:
    from queries.serialize import answer_json

    for line in _batch_lines(args.batch):
        text = clean_text(line.rstrip("\n")[:MAX_BATCH_LINE])
        if not text.strip():
            continue
        ans = answerer.answer(text)
        out.write(json.dumps(answer_json(ans, args.dialect), ensure_ascii=False) + "\n")
        out.flush()
    return 0


def _batch_lines(path: str) -> Iterator[str]:
    if path == "-":
        tolerant_stdin()
        yield from sys.stdin
        return
    try:
        fh = open(path, encoding="utf-8", errors="replace")  # noqa: SIM115 (closed below)
    except OSError as err:
        raise UserError("bad_file", f"Cannot read {path}: {err.strerror}.") from err
    with fh:
        yield from fh


def cmd_serve(args: argparse.Namespace) -> int:
    if args.db:
        os.environ["COLLABBOT_DB"] = str(resolve_db_path(args.db))
    from bot.slack import main_serve

    return main_serve(http=args.http, port=args.port, environ=os.environ)


def cmd_run(args: argparse.Namespace) -> int:
    """`make run`: serve Slack if it is configured, else show the bot answering in the terminal."""
    from bot.slack.settings import SlackSettings

    settings = SlackSettings.from_env()
    if settings.bot_token and (settings.app_token or settings.signing_secret):
        args.http = not settings.app_token
        args.port = int(os.environ.get("PORT", "3000"))
        return cmd_serve(args)
    print(
        f"No Slack tokens set, so here is the bot answering in the terminal:\n\n> {EXAMPLE_QUESTION}\n"
    )
    ask = argparse.Namespace(
        question=[EXAMPLE_QUESTION],
        json=False,
        blocks=False,
        chart=None,
        sql=False,
        dialect="duckdb",
        dataset=None,
        batch=None,
        db=args.db,
    )
    cmd_ask(ask)
    print(
        "\nNext:\n"
        '  .venv/bin/python -m bot ask "top 15 BRI partners of China 2023"   one question\n'
        "  .venv/bin/python -m bot chat                                        a conversation\n"
        "  .venv/bin/python -m bot serve [--http --port 3000]                 Slack (set SLACK_* in .env)\n"
        "  .venv/bin/python -m bot data load openalex-networks WrldCo_years.zip   real data\n"
        "See README.md for more."
    )
    return 0


def cmd_data(args: argparse.Namespace) -> int:
    if args.data_command == "build-spark":
        return _build_spark(args)  # writes Parquet, not the database
    path = resolve_db_path(args.db)
    if args.data_command == "info":
        from data.info import database_info, format_info

        info = database_info(path)
        print(json.dumps(info, indent=2, default=str) if args.json else format_info(info))
        return 0
    if args.data_command == "build-demo":
        return _build_demo(path, args.if_missing, Waiting(args.wait))
    if args.data_command == "load":
        from bot.progress import ProgressBar
        from data.loaders import load
        from data.loaders.provenance import parse_as_of

        report = load(
            args.kind,
            list(args.paths),
            dataset=args.dataset,
            db=path,
            progress=ProgressBar(f"loading {args.kind}"),
            as_of=parse_as_of(args.as_of) if args.as_of else None,
            lag_months=args.lag_months,
            filters=_work_filters(args),
            waiting=Waiting(args.wait),
        )
        print(report.summary())
        return 0
    if args.data_command == "load-shared":
        from bot.progress import ProgressBar
        from data.shared import load_shared

        return load_shared(
            args.folder,
            path,
            if_missing=args.if_missing,
            progress=lambda name: ProgressBar(f"loading {name}"),
        )
    raise AssertionError(args.data_command)


def _build_spark(args: argparse.Namespace) -> int:
    from data.loaders import parse_types, read_journal_list
    from data.spark.job import JobOptions, run

    options = JobOptions(
        sources=tuple(args.src),
        out=args.out,
        fmt=args.format,
        types=parse_types(args.types) if args.types is not None else JobOptions.types,
        journals=read_journal_list(args.journals) if args.journals is not None else None,
        master=args.master,
        remote=args.remote,
        shuffle_partitions=args.shuffle_partitions,
        driver_memory=args.driver_memory,
    )
    result = run(options, say=lambda stage: print(f"  {stage} …", file=sys.stderr, flush=True))
    left = ", ".join(f"{reason} {n:,}" for reason, n in result.left_out.items()) or "none"
    print(
        f"Built {result.out} on Spark in {result.seconds:.1f} s: {result.loaded:,} of "
        f"{result.read:,} works (left out: {left}); "
        + ", ".join(f"{t} {n:,}" for t, n in result.tables.items())
        + f"\nLoad it with: python -m bot data load spark-figures {result.out} --dataset NAME"
    )
    return 0


def _work_filters(args: argparse.Namespace):  # -> WorkFilters | None
    """--types and --journals, for openalex-works (None when neither is given)."""
    if args.types is None and args.journals is None:
        return None
    from data.loaders import WorkFilters, parse_types, read_journal_list

    return WorkFilters(
        types=parse_types(args.types) if args.types is not None else WorkFilters().types,
        journals=read_journal_list(args.journals) if args.journals is not None else None,
    )


def cmd_openalex(args: argparse.Namespace) -> int:
    from bot.progress import ProgressBar
    from data.openalex.fetch import run_fetch

    files, report, client = run_fetch(
        years=args.years,
        countries=args.countries,
        email=args.email,
        out=args.out,
        load_it=not args.no_load,
        dataset=args.dataset,
        db=args.db,
        base_url=args.base_url,
        cache_dir=args.cache_dir,
        use_cache=not args.no_cache,
        progress=ProgressBar("fetching from OpenAlex"),
    )
    print(
        f"{len(files)} Pajek files written to {files[0].parent} "
        f"({client.requests} requests, {client.cache_hits} from the cache)"
    )
    if report is not None:
        print(report.summary())
    return 0


def _build_demo(path: Path, if_missing: bool, waiting: Waiting) -> int:
    from bot.progress import ProgressBar
    from data.demo import DEMO_NAME, build_demo
    from data.info import has_dataset

    if if_missing and has_dataset(path, DEMO_NAME):
        print(f"demo dataset already in {path}")
        return 0
    bar = ProgressBar("building the demo dataset")
    build_demo(path, progress=bar, waiting=waiting)
    print(
        f"demo dataset written to {path} in {bar.done():.1f} s ({path.stat().st_size / 1e6:.1f} MB)"
    )
    return 0
