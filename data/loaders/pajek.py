"""Parses Pajek files (.net networks, .vec vectors, .clu partitions) strictly, naming bad lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from data.loaders.report import Problems, listing

_VERTICES = re.compile(r"^\*vertices\s+(\d+)(?:\s+(\d+))?\s*$", re.IGNORECASE)
_SECTION = re.compile(r"^\*(arcs|edges)(?:\s+(\d+))?\s*$", re.IGNORECASE)
_VERTEX = re.compile(r'^\s*(\d+)\s+(?:"([^"]*)"|(\S+))')


@dataclass
class Network:
    labels: list[str]  # vertex labels in vertex order (vertex k is labels[k - 1])
    a: np.ndarray  # 0-based vertex of each unordered pair, a < b
    b: np.ndarray
    weight: np.ndarray  # the pair's value (for OpenAlex: joint works)
    diagonal: np.ndarray  # the loop value i i of every vertex, 0 where the file has none


def decode(name: str, data: bytes, problems: Problems) -> list[str] | None:
    """The file's lines (BOM dropped), or None after saying which line is not UTF-8."""
    if not data.strip(b"\xef\xbb\xbf \r\n\t"):
        problems.add(f"{name}: the file is empty")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.add(f"{name}: line {line} is not valid UTF-8 (byte 0x{data[exc.start]:02X})")
        return None
    return text.splitlines()


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


def _header(name: str, lines: list[str], problems: Problems) -> tuple[int, int] | None:
    """(vertex count, index of the *vertices line), skipping `%` comments before it."""
    for k, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("%"):
            continue
        match = _VERTICES.match(stripped)
        if not match:
            problems.add(f"{name}: line {k + 1} should be “*vertices N”, found “{stripped[:40]}”")
            return None
        if match.group(2):
            problems.add(
                f"{name}: line {k + 1}: two-mode networks (*vertices N M) are not supported"
            )
            return None
        return int(match.group(1)), k
    problems.add(f"{name}: no “*vertices N” line; this is not a Pajek file")
    return None


def _open(name: str, data: bytes, problems: Problems) -> tuple[list[str], int, int] | None:
    """The file's lines, its vertex count and the line of its `*vertices` header."""
    lines = decode(name, data, problems)
    if lines is None:
        return None
    header = _header(name, lines, problems)
    if header is None:
        return None
    return lines, header[0], header[1]


def parse_net(name: str, data: bytes, problems: Problems) -> Network | None:
    opened = _open(name, data, problems)
    if opened is None:
        return None
    lines, n, at = opened
    labels: list[str] = []
    k = at + 1
    while k < len(lines) and not lines[k].lstrip().startswith("*"):
        line = lines[k].strip()
        if line and not line.startswith("%"):
            match = _VERTEX.match(line)
            if not match or int(match.group(1)) != len(labels) + 1:
                problems.add(
                    f'{name}: line {k + 1}: expected vertex {len(labels) + 1} as “{len(labels) + 1} "LABEL"”, found “{line[:40]}”'
                )
                return None
            labels.append(match.group(2) if match.group(2) is not None else match.group(3))
        k += 1
    if len(labels) != n:
        problems.add(
            f"{name}: the header says {n} vertices (line {at + 1}) but the file lists {len(labels)}"
        )
        return None
    if k >= len(lines):
        problems.add(
            f"{name}: no *arcs or *edges section after the vertices — the file looks truncated"
        )
        return None
    section = _SECTION.match(lines[k].strip())
    if not section:
        problems.add(
            f"{name}: line {k + 1}: expected *arcs or *edges, found “{lines[k].strip()[:40]}” (only those are supported)"
        )
        return None
    directed = section.group(1).lower() == "arcs"
    declared = int(section.group(2)) if section.group(2) else None
    return _links(name, lines, k + 1, n, labels, directed, declared, problems)


def _links(
    name: str,
    lines: list[str],
    start: int,
    n: int,
    labels: list[str],
    directed: bool,
    declared: int | None,
    problems: Problems,
) -> Network | None:
    fields: list[list[str]] = []
    numbers: list[int] = []  # 1-based line number of each link
    bad: list[int] = []
    last = start  # the last line with content
    for k in range(start, len(lines)):
        parts = lines[k].split()
        if not parts or parts[0].startswith("%"):
            continue
        last = k + 1
        if parts[0].startswith("*"):
            problems.add(f"{name}: line {k + 1}: a second section ({parts[0]}) is not supported")
            return None
        if len(parts) != 3:
            bad.append(k + 1)
            continue
        fields.append(parts)
        numbers.append(k + 1)
    if bad:
        where = [f"line {x} (“{lines[x - 1].strip()[:30]}”)" for x in bad[:5]]
        cut = " — the last line is cut off, so the file looks truncated" if bad[-1] == last else ""
        problems.add(f"{name}: lines that are not “i j w”: {listing(where, len(bad))}{cut}")
        return None
    if declared is not None and declared != len(fields):
        problems.add(
            f"{name}: the section header declares {declared:,} links but the file has {len(fields):,} — the file looks truncated"
        )
        return None
    try:
        table = np.array(fields, dtype=np.float64).reshape(-1, 3)
    except ValueError:
        for parts, number in zip(fields, numbers, strict=True):
            try:
                [float(p) for p in parts]
            except ValueError:
                problems.add(
                    f"{name}: line {number}: “{' '.join(parts)}” is not three numbers i j w"
                )
                return None
        raise
    lineno = np.asarray(numbers)
    i, j, w = table[:, 0], table[:, 1], table[:, 2]
    checks = (
        ((i != np.floor(i)) | (j != np.floor(j)), "a vertex number is not a whole number"),
        ((i < 1) | (i > n) | (j < 1) | (j > n), f"a vertex number is outside 1–{n}"),
        (~np.isfinite(w), "the weight is not a finite number"),
        (w < 0, "the weight is negative"),
    )
    for mask, what in checks:
        if mask.any():
            where = [f"line {x}" for x in lineno[mask][:5]]
            problems.add(f"{name}: {what} at {listing(where, int(mask.sum()))}")
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
            f"{labels[i[x]]}–{labels[j[x]]} {w[x]:g} vs {sorted_w[pos[x]]:g}" for x in differ[:5]
        ]
        problems.warn(
            f"{name}: {len(differ)} pair(s) have different weights in the two directions "
            f"({listing(where, len(differ))}); the value in the row of the vertex listed first was kept"
        )
    return True


def parse_vector(name: str, data: bytes, problems: Problems) -> np.ndarray | None:
    """A .vec or .clu file: `*vertices N` then N numbers, one a line."""
    opened = _open(name, data, problems)
    if opened is None:
        return None
    lines, n, at = opened
    values: list[float] = []
    for k in range(at + 1, len(lines)):
        line = lines[k].strip()
        if not line or line.startswith("%"):
            continue
        try:
            values.append(float(line))
        except ValueError:
            problems.add(f"{name}: line {k + 1}: “{line[:40]}” is not a number")
            return None
    if len(values) != n:
        problems.add(
            f"{name}: the header says {n} vertices (line {at + 1}) but the file has {len(values)} values — it looks truncated"
            if len(values) < n
            else f"{name}: the header says {n} vertices but the file has {len(values)} values"
        )
        return None
    out = np.asarray(values)
    if (out < 0).any() or not np.isfinite(out).all():
        first = int(np.flatnonzero((out < 0) | ~np.isfinite(out))[0])
        problems.add(f"{name}: value {first + 1} is negative or not finite")
        return None
    return out
