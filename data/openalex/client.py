"""A small OpenAlex API client: polite pool (mailto), cursor paging, retries with exponential
back-off on 429/5xx (honouring Retry-After) and an on-disk cache keyed by URL. Standard library only."""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from data.errors import UserError

DEFAULT_BASE_URL = "https://api.openalex.org"
USER_AGENT = "collabbot (https://github.com/; OpenAlex country networks)"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


def default_cache_dir() -> Path:
    env = os.environ.get("COLLABBOT_OPENALEX_CACHE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "collabbot-openalex"


class OpenAlexClient:
    def __init__(
        self,
        email: str,
        *,
        base_url: str | None = None,
        cache_dir: Path | None = None,
        use_cache: bool = True,
        retries: int = 5,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        timeout: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not email or "@" not in email:
            raise UserError(
                "bad_email",
                "OpenAlex asks for a contact email (the polite pool): give --email you@example.org.",
            )
        self.email = email
        self.base_url = (
            base_url or os.environ.get("COLLABBOT_OPENALEX_URL") or DEFAULT_BASE_URL
        ).rstrip("/")
        self.cache_dir = cache_dir or default_cache_dir()
        self.use_cache = use_cache
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.timeout = timeout
        self.sleep = sleep
        self.requests = 0  # network requests made (cache hits excluded)
        self.cache_hits = 0

    # -- URLs and the cache ----------------------------------------------------------------

    def url(self, path: str, params: dict[str, str]) -> str:
        query = dict(params)
        query["mailto"] = self.email
        return f"{self.base_url}/{path.lstrip('/')}?" + urllib.parse.urlencode(query, safe=":,*>|!")

    def _cache_path(self, url: str) -> Path:
        # The contact email is not part of the key: the answer does not depend on it.
        parts = urllib.parse.urlsplit(url)
        query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "mailto"]
        key = f"{parts.netloc}{parts.path}?{urllib.parse.urlencode(sorted(query))}"
        return self.cache_dir / f"{hashlib.sha256(key.encode()).hexdigest()}.json"

    def get_json(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        url = self.url(path, params)
        cached = self._cache_path(url)
        if self.use_cache and cached.is_file():
            try:
                data = json.loads(cached.read_text(encoding="utf-8"))
                self.cache_hits += 1
                return data
            except (OSError, json.JSONDecodeError):
                pass  # a damaged cache entry is fetched again
        data = self._fetch(url)
        if self.use_cache:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, cached)
        return data

    # -- the network ---------------------------------------------------------------------

    def _fetch(self, url: str) -> dict[str, Any]:
        request = urllib.request.Request(
            url,
            headers={
                "User-Agent": f"{USER_AGENT} mailto:{self.email}",
                "Accept": "application/json",
            },
        )
        last = ""
        for attempt in range(self.retries + 1):
            wait = None
            try:
                self.requests += 1
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = response.read()
                try:
                    data = json.loads(body)
                except json.JSONDecodeError as exc:
                    last = f"the response is not JSON ({exc})"
                else:
                    if isinstance(data, dict):
                        return data
                    last = "the response is not a JSON object"
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRY_STATUS:
                    detail = exc.read()[:300].decode("utf-8", "replace")
                    raise UserError(
                        "openalex_error", f"OpenAlex refused {_safe(url)}: HTTP {exc.code} {detail}"
                    ) from exc
                last = f"HTTP {exc.code}"
                wait = _retry_after(exc.headers.get("Retry-After"))
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                last = f"{getattr(exc, 'reason', exc)}"
            if attempt == self.retries:
                break
            delay = wait if wait is not None else self.backoff * (2**attempt)
            self.sleep(min(delay, self.max_wait))
        raise UserError(
            "openalex_unavailable",
            f"OpenAlex did not answer {_safe(url)} after {self.retries + 1} tries (last: {last}). "
            "Try again later; pages already fetched are cached.",
        )

    def pages(self, path: str, params: dict[str, str], *, key: str) -> Iterator[list[dict]]:
        """Cursor paging: every page's list under `key` (e.g. "group_by" or "results")."""
        cursor = "*"
        seen: set[str] = set()
        while cursor:
            data = self.get_json(path, {**params, "cursor": cursor})
            items = data.get(key) or []
            if not isinstance(items, list):
                raise UserError("openalex_error", f"OpenAlex answered without a “{key}” list")
            if not items:
                return
            yield items
            meta = data.get("meta") or {}
            cursor = meta.get("next_cursor") or ""
            if cursor in seen:  # a server that repeats itself must not loop us forever
                return
            seen.add(cursor)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _safe(url: str) -> str:
    """The URL without the contact email, for messages."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "mailto"]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query, safe=":,*")))
