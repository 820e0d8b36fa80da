"""What both storage engines share: how a report's rows are found from its run of rows, how a
section path is keyed for SQL, and the cursors of finding pages."""

from __future__ import annotations

import base64
import json

import numpy as np

from ..errors import BadQuery


def reports_holding(spans: dict[str, tuple[int, int]], rows: np.ndarray) -> set[str]:
    """The reports whose run of rows (first row, end) holds any of rows: a report's chunks
    are consecutive rows, so each row's report is the last run starting at or before it."""
    starts = sorted((first, rid) for rid, (first, _) in spans.items())
    firsts = np.array([f for f, _ in starts], dtype=np.int64)
    slots = np.unique(np.searchsorted(firsts, np.asarray(rows, dtype=np.int64), side="right") - 1)
    return {starts[i][1] for i in slots.tolist() if i >= 0}


def section_key(path: list[str]) -> str:
    """Encode a section path so SQL can test 'any element equals X' with instr()."""
    return "\x1f" + "\x1f".join(p.lower() for p in path) + "\x1f"


def cursor(key: list) -> str:
    """An opaque cursor for a finding page's last key."""
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def cursor_key(cursor: str) -> list:
    """The key a cursor of cursor() holds; BadQuery for anything else."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        ok = (isinstance(key, list) and len(key) == 4 and all(isinstance(v, str) for v in key[:3])
              and type(key[3]) is int and abs(key[3]) < 2 ** 63)  # SQLite's integers are 64-bit
        if ok:
            "".join(key[:3]).encode()  # and its text UTF-8
    except ValueError:  # not base64, not JSON, or text with a lone surrogate
        ok = False
    if not ok:
        raise BadQuery("cursor is not one this service gave out; start again from the first page")
    return key
