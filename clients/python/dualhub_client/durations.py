"""Durations as the agent YAML writes them: bare seconds (``15``, ``0.5``) or Go syntax (``500ms``, ``1h30m``).

The same grammar and limits as Go's ``time.ParseDuration`` (and the C# SDK's parser): values are nanoseconds,
truncated to 100 ns, and returned as float seconds.
"""

from __future__ import annotations

_MAG = 1 << 63
_SECOND = 1_000_000_000
_DIGITS = "0123456789"
_UNITS = {
    "ns": 1,
    "us": 1_000,
    "\u00b5s": 1_000,
    "\u03bcs": 1_000,
    "ms": 1_000_000,
    "s": _SECOND,
    "m": 60 * _SECOND,
    "h": 3600 * _SECOND,
}

DESCRIPTION = "seconds like 30 or 0.5 or Go syntax like 500ms, 1.5h, 2h45m"


def _number(s: str, i: int):
    """``[0-9]*(\\.[0-9]*)?`` with at least one digit, from ``i``; None when absent or too large."""
    whole, fraction, scale, start = 0, 0, 1.0, i
    while i < len(s) and s[i] in _DIGITS:
        if whole > _MAG // 10:
            return None
        whole = whole * 10 + ord(s[i]) - 48
        if whole > _MAG:
            return None
        i += 1
    pre, post = i > start, False
    if i < len(s) and s[i] == ".":
        i += 1
        overflow = False
        while i < len(s) and s[i] in _DIGITS:
            post = True
            if not overflow:
                y = fraction * 10 + ord(s[i]) - 48
                if fraction > (_MAG - 1) // 10 or y > _MAG:
                    overflow = True  # digits beyond what fits are ignored, as in Go
                else:
                    fraction, scale = y, scale * 10
            i += 1
    if not (pre or post):
        return None
    return whole, fraction, scale, i


def _scale(whole: int, fraction: int, scale: float, unit: int):
    if whole > _MAG // unit:
        return None
    v = whole * unit
    if fraction > 0:
        v += int(fraction * (unit / scale))
        if v > _MAG:
            return None
    return v


def parse_go(s: str):
    """Go's ``time.ParseDuration``: nanoseconds, or None where Go returns an error."""
    negative = False
    if s[:1] in ("-", "+"):
        negative = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if not s:
        return None
    total, i = 0, 0
    while i < len(s):
        n = _number(s, i)
        if n is None:
            return None
        whole, fraction, scale, i = n
        j = i
        while j < len(s) and s[j] != "." and s[j] not in _DIGITS:
            j += 1
        unit = _UNITS.get(s[i:j], 0)
        i = j
        v = _scale(whole, fraction, scale, unit) if unit else None
        if v is None:
            return None
        total += v
        if total > _MAG:
            return None
    if negative:
        return -total
    return None if total > _MAG - 1 else total


def parse_seconds(s: str):
    """A bare number of seconds (``1.5``, ``.5``, ``30``): nanoseconds, or None."""
    n = _number(s, 0) if s else None
    if n is None or n[3] != len(s):
        return None
    v = _scale(n[0], n[1], n[2], _SECOND)
    return None if v is None or v > _MAG - 1 else v


def parse_duration(text: str):
    """Seconds (float) from Go syntax or bare seconds; None when neither parses. May be negative (Go's ``-1s``)."""
    s = text.strip()
    nanos = parse_go(s)
    if nanos is None:
        nanos = parse_seconds(s)
    if nanos is None:
        return None
    ticks = int(nanos / 100) if nanos < 0 else nanos // 100
    return ticks / 10_000_000
