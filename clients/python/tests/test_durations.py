"""Durations as Go's time.ParseDuration and the C# SDK read them."""

import pytest

from dualhub_client.durations import parse_duration


@pytest.mark.parametrize("text,seconds", [
    ("15", 15.0), ("0.5", 0.5), (".25", 0.25), ("5.", 5.0), ("500ms", 0.5), ("2s", 2.0), ("2m", 120.0),
    ("1h", 3600.0), ("1h30m", 5400.0), ("1.5h", 5400.0), ("2h45m", 9900.0), ("250us", 0.00025), ("250\u00b5s", 0.00025),
    ("1ns", 0.0), ("150ns", 0.0000001), ("0", 0.0), ("-1s", -1.0), (" 3 ", 3.0), ("1m0.5s", 60.5),
])
def test_go_and_seconds_syntax(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "s", "ms", "1x", "1s2", "- 1s", "1e3s", "15 seconds", "1h-1m", ".s", "9999999999h"])
def test_what_go_refuses(text):
    assert parse_duration(text) is None
