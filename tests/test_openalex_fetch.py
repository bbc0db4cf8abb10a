"""`openalex fetch` against recorded group-by responses served by a local http.server (no network):
paging, the cache, retries with back-off and Retry-After, and the networks it loads."""

from __future__ import annotations

import io
import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import redirect_stdout
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.cli import main as cli_main
from data.openalex.client import OpenAlexClient
from data.openalex.fetch import parse_countries, parse_years
from queries.errors import UserError

FIXTURES = Path(__file__).parent / "fixtures" / "openalex"
CURSOR2 = "IlsxNjA5MzcyODAwMDAwXSI="


class Server:
    """Serves the recorded responses; `script` maps a path+query prefix to status codes to
    answer first (e.g. [429, 503]) before the recorded body."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.script: dict[str, list[tuple[int, dict[str, str]]]] = {}
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                owner.requests.append(self.path)
                status, headers, body = owner.respond(self.path)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def respond(self, path: str) -> tuple[int, dict[str, str], bytes]:
        parts = urllib.parse.urlsplit(path)
        q = dict(urllib.parse.parse_qsl(parts.query))
        for prefix, queue in self.script.items():
            if queue and path.startswith(prefix):
                status, headers = queue.pop(0)
                return status, headers, b'{"error": "try later"}'
        if parts.path != "/works" or "@" not in q.get("mailto", ""):
            return 400, {}, b'{"error": "bad request"}'
        if q.get("group_by") != "authorships.countries":
            return 400, {}, b'{"error": "group_by"}'
        filters = dict(f.split(":", 1) for f in q["filter"].split(","))
        assert filters["countries_distinct_count"] == ">1"
        stem = f"{filters['authorships.countries'].lower()}-{filters['publication_year']}"
        cursor = q.get("cursor")
        candidates = [FIXTURES / f"{stem}.json"]
        if cursor == "*":
            candidates.append(FIXTURES / f"{stem}-page1.json")
        elif cursor == CURSOR2:
            candidates = [FIXTURES / f"{stem}-page2.json"]
        for file in candidates:
            if file.is_file():
                return 200, {}, file.read_bytes()
        return 404, {}, b'{"error": "not recorded"}'

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def ask(db: Path, question: str, dataset: str) -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        cli_main(["ask", "--json", "--dataset", dataset, "--db", str(db), question])
    return json.loads(out.getvalue())


def fetch_args(server: Server, tmp_path: Path, *extra: str) -> list[str]:
    return [
        "openalex", "fetch", "--years", "2015,2023", "--countries", "CN", "US", "Thailand",
        "--email", "analyst@example.org", "--base-url", server.url,
        "--cache-dir", str(tmp_path / "cache"), "--out", str(tmp_path / "nets"),
        "--db", str(tmp_path / "store.duckdb"), *extra,
    ]  # fmt: skip


def test_fetch_builds_and_loads_networks(server: Server, tmp_path: Path) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli_main(fetch_args(server, tmp_path)) == 0
    # 3 countries x 2 years, and China 2015 in two cursor pages.
    assert len(server.requests) == 7
    assert any(f"cursor={CURSOR2}" in urllib.parse.unquote(r) for r in server.requests)
    assert all("mailto=analyst%40example.org" in r for r in server.requests)
    net = (tmp_path / "nets" / "WrldCo2015.net").read_text(encoding="utf-8")
    assert net.splitlines()[1] == "*vertices 7"  # CN DE GB JP TH US XK
    db = tmp_path / "store.duckdb"
    for question, values in (
        ("joint articles China–United States 2015 vs 2023", [46_931, 72_794]),
        ("joint articles China–Thailand 2015 vs 2023", [693, 2_381]),
        ("joint articles United States–Japan 2015 vs 2023", [9_800, 10_500]),
    ):
        answer = ask(db, question, "openalex")
        assert [r["value"] for r in answer["rows"]] == values, answer
    assert "OpenAlex API" in answer["dataset_version"] or answer["dataset_version"].startswith(
        "api-"
    )
    # A second run is answered from the cache: no request reaches the server.
    with redirect_stdout(io.StringIO()):
        assert cli_main(fetch_args(server, tmp_path, "--no-load")) == 0
    assert len(server.requests) == 7


def test_retries_honour_retry_after_then_back_off(server: Server, tmp_path: Path) -> None:
    server.script["/works"] = [(429, {"Retry-After": "3"}), (503, {}), (502, {})]
    waits: list[float] = []
    client = OpenAlexClient(
        "a@example.org", base_url=server.url, cache_dir=tmp_path, backoff=0.5, sleep=waits.append
    )
    params = {"filter": "publication_year:2023,authorships.countries:TH,countries_distinct_count:>1",
              "group_by": "authorships.countries", "per_page": "200"}  # fmt: skip
    pages = list(client.pages("works", params, key="group_by"))
    assert waits == [3.0, 1.0, 2.0]  # Retry-After, then 0.5·2¹, 0.5·2²
    assert {g["key"].rsplit("/", 1)[1] for g in pages[0]} == {"TH", "US", "CN", "JP", "GB"}
    assert client.requests == 4


def test_gives_up_with_a_clear_message(server: Server, tmp_path: Path) -> None:
    server.script["/works"] = [(503, {})] * 10
    waits: list[float] = []
    client = OpenAlexClient(
        "a@example.org", base_url=server.url, cache_dir=tmp_path, retries=2, sleep=waits.append
    )
    with pytest.raises(UserError) as caught:
        client.get_json("works", {"filter": "publication_year:2015"})
    assert "did not answer" in caught.value.message and "after 3 tries" in caught.value.message
    assert "HTTP 503" in caught.value.message and "example.org" not in caught.value.message
    assert waits == [1.0, 2.0]
    assert not list(tmp_path.iterdir())  # nothing cached


def test_client_error_is_not_retried(server: Server, tmp_path: Path) -> None:
    client = OpenAlexClient(
        "a@example.org", base_url=server.url, cache_dir=tmp_path, sleep=lambda s: None
    )
    with pytest.raises(UserError) as caught:
        client.get_json("authors", {})
    assert "HTTP 400" in caught.value.message
    assert client.requests == 1


def test_arguments() -> None:
    assert parse_years("2015-2017, 2023") == [2015, 2016, 2017, 2023]
    assert parse_countries(["CN,Thailand", "USA"]) == ["CN", "TH", "US"]
    assert len(parse_countries(None)) > 200
    for bad in ("2023-2015", "20x5"):
        with pytest.raises(UserError):
            parse_years(bad)
    with pytest.raises(UserError):
        parse_countries(["Atlantis"])
    with pytest.raises(UserError, match="contact email"):
        OpenAlexClient("")
