"""Process trees from /proc: who started whom, and how much memory they hold (Linux only)."""

from __future__ import annotations

from pathlib import Path


def children() -> dict[int, list[int]]:
    """Parent pid → the pids it started, for every process readable now."""
    out: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The field after the command name (which may hold spaces and parentheses).
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue  # gone since the listing, or not ours to read
        out.setdefault(ppid, []).append(int(entry.name))
    return out


def descendants(pid: int) -> list[int]:
    """Every process under `pid`, at any depth (the Spark JVM pyspark starts is one)."""
    tree = children()
    out, todo = [], list(tree.get(pid, []))
    while todo:
        child = todo.pop()
        out.append(child)
        todo.extend(tree.get(child, []))
    return out


def rss_kb(pid: int) -> int:
    """Resident memory of `pid` in kB (0 once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
