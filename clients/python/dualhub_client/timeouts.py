"""Each hub's request timeout, derived from the latency it has shown (docs/client.md, "The adaptive push timeout").

``push_timeout_factor`` x the ``push_timeout_percentile`` of a hub's last ``latency_window`` answered requests (pushes
and probes), clamped to [``push_timeout_min``, ``push_timeout_max``]. A hub with fewer than ``latency_min_samples``
answers gets ``push_timeout`` (at most the ceiling); every hub that is not healthy gets the ceiling: a slow hub is never failed on a guess, and the probes
that bring a hub back may take as long as the ceiling (and teach the window a slower link). A timed-out request adds
nothing (its latency is unknown). With ``adaptive_timeout: false`` every request gets ``push_timeout``.
"""

from __future__ import annotations

import math
import threading

from .config import FailoverOptions


class LatencyWindow:
    """The last N latencies (seconds) of one hub, a ring, and a nearest-rank percentile over them. Not thread-safe."""

    def __init__(self, capacity: int):
        self._values = [0.0] * capacity
        self._next = 0
        self.count = 0

    def add(self, latency: float) -> None:
        self._values[self._next] = max(0.0, latency)
        self._next = (self._next + 1) % len(self._values)
        self.count = min(self.count + 1, len(self._values))

    def percentile(self, percent: float) -> float:
        """Nearest rank: the smallest latency with at least ``percent`` % of the window at or below it."""
        if self.count == 0:
            return 0.0
        ordered = sorted(self._values[:self.count])
        rank = math.ceil(percent / 100.0 * self.count)
        return ordered[min(max(rank, 1), self.count) - 1]


class HubTimeouts:
    """The windows of every hub (by index) and the rule; thread-safe (the push and probe loops share it)."""

    def __init__(self, hubs: int, options: FailoverOptions):
        self._o = options
        self._lock = threading.Lock()
        self._windows = [LatencyWindow(options.latency_window) for _ in range(hubs)]

    def for_hub(self, index: int, healthy: bool) -> float:
        """Timeout (seconds) of the next request to hub ``index``."""
        o = self._o
        if not o.adaptive_timeout:
            return o.push_timeout
        if not healthy:
            return o.push_timeout_max
        with self._lock:
            w = self._windows[index]
            if w.count < o.latency_min_samples:
                # Not learned yet: the fixed push_timeout, as without adaptation (a hub that hangs early is left as fast).
                return min(o.push_timeout, o.push_timeout_max)
            # Rounded to 100 ns, as the C# SDK's TimeSpan is: both clients compute the same timeout.
            derived = round(w.percentile(o.push_timeout_percentile) * o.push_timeout_factor, 7)
        return min(max(derived, o.push_timeout_min), o.push_timeout_max)

    def record(self, index: int, latency: float) -> None:
        """Hub ``index`` answered (any HTTP status) after ``latency`` seconds."""
        with self._lock:
            self._windows[index].add(latency)
