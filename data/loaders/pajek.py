"""Parses Pajek files (.net networks, .vec vectors, .clu partitions) strictly, line by line, naming bad lines."""

from __future__ import annotations

import io
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

from data.loaders.report import MAX_FLAGGED, Problems, listing, shown
from data.loaders.validate import MAX_ARTICLES

_VERTICES = re.compile(r"^\*vertices\s+(\d+)(?:\s+(\d+))?\s*$", re.IGNORECASE)
_SECTION = re.compile(r"^\*(arcs|edges)(?:\s+(\d+))?\s*$", re.IGNORECASE)
_VERTEX = re.compile(r'^\s*(\d+)\s+(?:"([^"]*)"|(\S+))')
# A country network has a vertex a country (about 250); the cap bounds the links a file can
# hold (n² + n) and so the memory a hostile file can take.
MAX_VERTICES = 1_000
# No line of a Pajek file comes near this; a longer one is garbage read in bounded pieces.
MAX_LINE_BYTES = 1 << 16


@dataclass
class Network:
    labels: list[str]  # vertex labels in vertex order (vertex k is labels[k - 1])
    a: np.ndarray  # 0-based vertex of each unordered pair, a < b
    b: np.ndarray
    weight: np.ndarray  # the pair's value (for OpenAlex: joint works)
    diagonal: np.ndarray  # the loop value i i of every vertex, 0 where the file has none


class _Stop(Exception):
    """The file cannot be read further; the reason is in `problems`."""


def header_comments(data: bytes) -> str:
    """The `%` comment lines before a file's first section (mat2Pajek writes its date there)."""
    out = []
    for raw in data[:4096].splitlines():
        line = raw.decode("utf-8", "replace").lstrip("\ufeff").strip()
        if line.startswith("*"):
            break
        if line.startswith("%"):
            out.append(line)
    return "\n".join(out)


class _Lines:
    """The file's lines as text, numbered from 1, read one at a time and at most
    MAX_LINE_BYTES each, so neither a huge file nor one without line breaks is held whole."""

    def __init__(self, name: str, data: bytes | BinaryIO, problems: Problems) -> None:
        self.name, self.problems = name, problems
        self.raw: BinaryIO = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
        self.number = 0
        self.pending: str | None = None

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.pending is not None:
            line, self.pending = self.pending, None
            return line
        raw = self.raw.readline(MAX_LINE_BYTES + 1)
        if not raw:
            raise StopIteration
        self.number += 1
        if len(raw) > MAX_LINE_BYTES:
            self.fail(f"line {self.number} is longer than {MAX_LINE_BYTES:,} bytes")
        if self.number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            return raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            self.fail(f"line {self.number} is not valid UTF-8 (byte 0x{raw[exc.start]:02X})")
        raise AssertionError("unreachable")

    def push_back(self, line: str) -> None:
        self.pending = line

    def fail(self, message: str) -> None:
        self.problems.add(f"{self.name}: {message}")
        raise _Stop


def _header(lines: _Lines) -> int:
    """The vertex count of the `*vertices N` line, skipping `%` comments before it."""
    content = False
    for line in lines:
        stripped = line.strip()
        content = content or bool(stripped)
        if not stripped or stripped.startswith("%"):
            continue
        match = _VERTICES.match(stripped)
        if not match:
            lines.fail(f"line {lines.number} should be “*vertices N”, found “{shown(stripped)}”")
        assert match is not None
        if match.group(2):
            lines.fail(f"line {lines.number}: two-mode networks (*vertices N M) are not supported")
        n = int(match.group(1))
        if n > MAX_VERTICES:
            lines.fail(
                f"line {lines.number}: {n:,} vertices; a country network has at most "
                f"{MAX_VERTICES:,}"
            )
        return n
    lines.fail(
        "no “*vertices N” line; this is not a Pajek file" if content else "the file is empty"
    )
    raise AssertionError("unreachable")


def parse_net(name: str, data: bytes | BinaryIO, problems: Problems) -> Network | None:
    """A .net file (bytes, or a binary file read line by line) as a Network, or None after
    adding to `problems` what is wrong."""
    name = shown(name, 200)
    lines = _Lines(name, data, problems)
    try:
        n = _header(lines)
        at = lines.number
        labels = _vertices(lines, n, at)
        if len(labels) != n:
            lines.fail(f"the header says {n} vertices (line {at}) but the file lists {len(labels)}")
        section_line = next(lines, None)
        if section_line is None:
            lines.fail("no *arcs or *edges section after the vertices — the file looks truncated")
        assert section_line is not None
        section = _SECTION.match(section_line.strip())
        if not section:
            lines.fail(
                f"line {lines.number}: expected *arcs or *edges, found "
                f"“{shown(section_line.strip())}” (only those are supported)"
            )
        assert section is not None
        directed = section.group(1).lower() == "arcs"
        declared = int(section.group(2)) if section.group(2) else None
        return _links(lines, n, labels, directed, declared)
    except _Stop:
        return None


def _vertices(lines: _Lines, n: int, at: int) -> list[str]:
    labels: list[str] = []
    for line in lines:
        if line.lstrip().startswith("*"):
            lines.push_back(line)
            break
        stripped = line.strip()
        if not stripped or stripped.startswith("%"):
            continue
        match = _VERTEX.match(stripped)
        if len(labels) >= n and match:
            lines.fail(f"the header says {n} vertices (line {at}) but the file lists more")
        if not match or int(match.group(1)) != len(labels) + 1:
            k = len(labels) + 1
            lines.fail(
                f'line {lines.number}: expected vertex {k} as “{k} "LABEL"”, found “{shown(stripped)}”'
            )
        assert match is not None
        labels.append(match.group(2) if match.group(2) is not None else match.group(3))
    return labels


def _links(
    lines: _Lines, n: int, labels: list[str], directed: bool, declared: int | None
) -> Network | None:
    name, problems = lines.name, lines.problems
    i_, j_, w_ = array("d"), array("d"), array("d")
    numbers = array("q")  # the line of each link
    shape: list[tuple[int, str]] = []  # lines that are not three fields, the first few
    n_shape = last_shape = 0
    not_numbers: list[tuple[int, str]] = []
    n_not_numbers = 0
    last = 0  # the last line with content
    most = n * n + n  # every ordered pair and every loop, once
    stopped = 0
    for line in lines:
        parts = line.split()
        if not parts or parts[0].startswith("%"):
            continue
        last = lines.number
        if parts[0].startswith("*"):
            lines.fail(
                f"line {lines.number}: a second section ({shown(parts[0])}) is not supported"
            )
        link = _three_numbers(parts)
        if link is None:
            if len(parts) != 3:
                n_shape += 1
                last_shape = lines.number
                if len(shape) < 5:
                    shape.append((lines.number, line.strip()))
            else:
                n_not_numbers += 1
                if len(not_numbers) < 5:
                    not_numbers.append((lines.number, line.strip()))
            if n_shape + n_not_numbers > MAX_FLAGGED:
                stopped = lines.number
                break
            continue
        if len(w_) >= most:
            lines.fail(
                f"line {lines.number}: more than {most:,} links, the most {n} vertices can have"
            )
        i_.append(link[0])
        j_.append(link[1])
        w_.append(link[2])
        numbers.append(lines.number)
    if n_shape:
        where = [f"line {x} (“{shown(text, 30)}”)" for x, text in shape]
        cut = (
            " — the last line is cut off, so the file looks truncated" if last_shape == last else ""
        )
        problems.add(f"{name}: lines that are not “i j w”: {listing(where, n_shape)}{cut}")
    if n_not_numbers:
        first, text = not_numbers[0]
        more = f" (and {n_not_numbers - 1:,} more such lines)" if n_not_numbers > 1 else ""
        problems.add(f"{name}: line {first}: “{shown(text)}” is not three numbers i j w{more}")
    if stopped:
        problems.add(
            f"{name}: stopped reading after line {stopped:,}: more than {MAX_FLAGGED:,} lines "
            "already have problems, so the rest of the file was not checked"
        )
    if n_shape or n_not_numbers:
        return None
    if declared is not None and declared != len(w_):
        problems.add(
            f"{name}: the section header declares {declared:,} links but the file has "
            f"{len(w_):,} — the file looks truncated"
        )
        return None
    i: np.ndarray = np.frombuffer(i_)
    j: np.ndarray = np.frombuffer(j_)
    w: np.ndarray = np.frombuffer(w_)
    lineno = np.frombuffer(numbers, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        checks = (
            ((i != np.floor(i)) | (j != np.floor(j)), "a vertex number is not a whole number"),
            ((i < 1) | (i > n) | (j < 1) | (j > n), f"a vertex number is outside 1–{n}"),
            (~np.isfinite(w), "the weight is not a finite number"),
            (w < 0, "the weight is negative"),
            (
                np.isfinite(w) & (w > MAX_ARTICLES),
                f"the weight is above {MAX_ARTICLES:,} (more joint works than a year has)",
            ),
            (np.isfinite(w) & (w != np.floor(w)), "the weight is not a whole number of works"),
        )
    for mask, what in checks:
        if np.any(mask):
            where = [f"line {x}" for x in lineno[mask][:5]]
            problems.add(f"{name}: {what} at {listing(where, int(np.sum(mask)))}")
    if problems:
        return None
    ii, jj = i.astype(np.int64) - 1, j.astype(np.int64) - 1
    if directed:
        if not _symmetric(name, ii, jj, w, labels, lineno, problems):
            return None
        keep = ii < jj
        a, b, weight = ii[keep], jj[keep], w[keep]
    else:
        a, b = np.minimum(ii, jj), np.maximum(ii, jj)
        if not _unique(name, a * (n + 1) + b, lineno, problems, "the same edge"):
            return None
        keep = a != b
        a, b, weight = a[keep], b[keep], w[keep]
    loops = ii == jj
    diagonal = np.zeros(n)
    diagonal[ii[loops]] = w[loops]
    return Network(labels, a, b, weight, diagonal)


def _three_numbers(parts: list[str]) -> list[float] | None:
    if len(parts) != 3:
        return None
    try:
        return [float(p) for p in parts]
    except ValueError:
        return None


def _unique(name: str, key: np.ndarray, lineno: np.ndarray, problems: Problems, what: str) -> bool:
    order = np.argsort(key, kind="stable")
    repeat = np.flatnonzero(key[order][1:] == key[order][:-1]) + 1
    if len(repeat):
        where = [f"line {lineno[order[r]]} repeats line {lineno[order[r - 1]]}" for r in repeat[:5]]
        problems.add(f"{name}: {what} appears twice: {listing(where, len(repeat))}")
        return False
    return True


def _symmetric(
    name: str,
    i: np.ndarray,
    j: np.ndarray,
    w: np.ndarray,
    labels: list[str],
    lineno: np.ndarray,
    problems: Problems,
) -> bool:
    """Every arc i j needs its mirror j i: a co-authorship matrix is symmetric, and a missing
    mirror is how a file cut short at a line break shows itself. Mirrors whose weights differ
    are a warning only: the published OpenAlex files have a few off by one (2004, 2019)."""
    n = len(labels)
    key = i * (n + 1) + j
    if not _unique(name, key, lineno, problems, "the same arc"):
        return False
    order = np.argsort(key)
    sorted_key, sorted_w = key[order], w[order]
    mirror = j * (n + 1) + i
    pos = np.clip(np.searchsorted(sorted_key, mirror), 0, len(sorted_key) - 1)
    found = sorted_key[pos] == mirror
    if not found.all():
        where = [
            f"line {lineno[x]} ({i[x] + 1} {j[x] + 1} {w[x]:g})" for x in np.flatnonzero(~found)[:5]
        ]
        problems.add(
            f"{name}: the matrix is not symmetric — arcs without a reverse arc at "
            f"{listing(where, int((~found).sum()))}; the file looks truncated or edited"
        )
        return False
    differ = np.flatnonzero((sorted_w[pos] != w) & (i < j))
    if len(differ):
        where = [
            f"{shown(labels[i[x]])}–{shown(labels[j[x]])} {w[x]:g} vs {sorted_w[pos[x]]:g}"
            for x in differ[:5]
        ]
        problems.warn(
            f"{name}: {len(differ)} pair(s) have different weights in the two directions "
            f"({listing(where, len(differ))}); the value in the row of the vertex listed first was kept"
        )
    return True


def parse_vector(name: str, data: bytes | BinaryIO, problems: Problems) -> np.ndarray | None:
    """A .vec or .clu file: `*vertices N` then N numbers, one a line."""
    name = shown(name, 200)
    lines = _Lines(name, data, problems)
    try:
        n = _header(lines)
        at = lines.number
        values = array("d")
        for line in lines:
            stripped = line.strip()
            if not stripped or stripped.startswith("%"):
                continue
            try:
                value = float(stripped)
            except ValueError:
                lines.fail(f"line {lines.number}: “{shown(stripped)}” is not a number")
            if len(values) >= n:
                lines.fail(f"the header says {n} vertices but the file has more values")
            values.append(value)
    except _Stop:
        return None
    if len(values) != n:
        problems.add(
            f"{name}: the header says {n} vertices (line {at}) but the file has {len(values)} "
            "values — it looks truncated"
        )
        return None
    out = np.frombuffer(values)
    bad = (out < 0) | ~np.isfinite(out) | (out > MAX_ARTICLES)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        problems.add(f"{name}: value {first + 1} is negative, not finite or above {MAX_ARTICLES:,}")
        return None
    return out
