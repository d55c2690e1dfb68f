"""The failover state machine (docs/client.md, "Failover"): pure logic over a clock.

Callers report push and probe results; it decides which hub is active and when each hub is probed next.

* healthy: probed every ``health_check_interval``; ``failover_threshold`` failed probes in a row, or one batch failing
  ``max_retries`` attempts (reported by the sender), make it unhealthy;
* unhealthy: probed after ``recovery_backoff x backoff_multiplier^level``, capped by ``recovery_timeout``; each failed
  probe raises the level;
* recovering: after a successful probe; probed every ``recovery_backoff``; ``recovery_successes`` in a row make it
  healthy (hysteresis), one failure sends it back to unhealthy one level higher. A hub that fails again within
  ``recovery_timeout`` of recovering keeps its level, so a flapping hub is retried ever more slowly.

The active hub is the first healthy one in priority order; with none healthy (panic) every hub is tried in order.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable, Optional

from .config import FailoverOptions, HubEndpoint

HEALTHY, UNHEALTHY, RECOVERING = "healthy", "unhealthy", "recovering"

_MAX_LEVEL = 64


def backoff_delay(initial: float, cap: float, multiplier: float, level: int) -> float:
    """The delay at ``level`` (0 = the first): ``initial x multiplier^level``, capped at ``cap``."""
    d = initial * multiplier ** min(level, _MAX_LEVEL)
    return cap if d >= cap else d


@dataclass(frozen=True)
class ActiveHubChange:
    """The active hub changed: ``from_index`` and ``to_index`` are hub indexes, -1 for "no hub"."""

    from_index: int
    to_index: int
    reason: str

    @property
    def is_failover(self) -> bool:
        """True when the agent moved to a lower-priority hub or to none; False for a return to a higher-priority one."""
        return self.to_index == -1 or (self.from_index != -1 and self.to_index > self.from_index)


@dataclass(frozen=True)
class HubStatus:
    """A snapshot of one hub's state, as ``/health`` shows it (times are Unix seconds)."""

    index: int
    name: str
    url: str
    state: str
    active: bool
    consecutive_failures: int
    last_success: Optional[float]
    last_failure: Optional[float]
    last_error: Optional[str]
    next_probe: float


class _Hub:
    __slots__ = ("index", "name", "url", "state", "probe_failures", "recovery_successes", "backoff_level",
                 "next_probe", "last_success", "last_failure", "recovered_at", "last_error")

    def __init__(self, index: int, hub: HubEndpoint, now: float):
        self.index, self.name, self.url = index, hub.name, hub.url
        self.state = HEALTHY
        self.probe_failures = self.recovery_successes = self.backoff_level = 0
        self.next_probe = now
        self.last_success = self.last_failure = self.recovered_at = None
        self.last_error = None


class HubSelector:
    """Which hub is active and when each is probed; thread-safe."""

    def __init__(self, hubs, options: FailoverOptions, clock: Callable[[], float] = time.time):
        if not hubs:
            raise ValueError("at least one hub")
        self._lock = threading.Lock()
        self._o = options
        self._clock = clock
        now = clock()
        self._hubs = [_Hub(i, h, now) for i, h in enumerate(hubs)]
        self._active = 0

    @property
    def count(self) -> int:
        return len(self._hubs)

    @property
    def active(self) -> int:
        """Index of the active hub, -1 when no hub is healthy."""
        with self._lock:
            return self._active

    def name_of(self, index: int) -> str:
        return "none" if index < 0 else self._hubs[index].name

    def url_of(self, index: int) -> str:
        return self._hubs[index].url

    def is_healthy(self, index: int) -> bool:
        with self._lock:
            return self._hubs[index].state == HEALTHY

    def delivery_order(self):
        """Hubs to try for a batch, in order, and whether this is panic: the healthy ones; all when none is."""
        with self._lock:
            healthy = [h.index for h in self._hubs if h.state == HEALTHY]
            return (healthy, False) if healthy else ([h.index for h in self._hubs], True)

    def report_push_success(self, index: int) -> Optional[ActiveHubChange]:
        """A push was accepted: the hub is alive (and healthy again if panic brought us here)."""
        with self._lock:
            h = self._hubs[index]
            h.last_success = self._clock()
            if h.state != HEALTHY:
                self._make_healthy(h)
            return self._recompute("push accepted by " + h.name)

    def report_push_failure(self, index: int, error: str) -> Optional[ActiveHubChange]:
        """A batch failed every attempt on the hub (passive health): it is unhealthy now."""
        with self._lock:
            h = self._hubs[index]
            h.last_failure = self._clock()
            h.last_error = error
            if h.state != UNHEALTHY:
                self._make_unhealthy(h, h.state == RECOVERING)
            return self._recompute(f"push to {h.name} failed {self._o.max_retries} times: {error}")

    def report_probe(self, index: int, ok: bool, error: Optional[str] = None) -> Optional[ActiveHubChange]:
        """Result of one active ``/-/healthy`` probe."""
        with self._lock:
            h = self._hubs[index]
            now = self._clock()
            o = self._o
            if ok:
                h.last_success = now
            else:
                h.last_failure = now
                h.last_error = error
            if h.state == HEALTHY:
                if ok:
                    h.probe_failures = 0
                    h.next_probe = now + o.health_check_interval
                else:
                    h.probe_failures += 1
                    if h.probe_failures >= o.failover_threshold:
                        self._make_unhealthy(h, raise_level=False)
                    else:
                        h.next_probe = now + o.health_check_interval
            elif ok:
                h.recovery_successes += 1
                h.state = RECOVERING
                if h.recovery_successes >= o.recovery_successes:
                    self._make_healthy(h)
                    h.recovered_at = now
                else:
                    h.next_probe = now + o.recovery_backoff
            elif h.state == UNHEALTHY:
                h.backoff_level += 1
                h.next_probe = now + self.backoff_delay(h.backoff_level)
            else:
                self._make_unhealthy(h, raise_level=True)
            reason = (f"{h.name} recovered ({o.recovery_successes} probes in a row)" if ok
                      else f"{h.name} failed {o.failover_threshold} health probes in a row: {error}")
            return self._recompute(reason)

    def due_probes(self):
        """Hubs whose probe is due now."""
        with self._lock:
            now = self._clock()
            return [h.index for h in self._hubs if h.next_probe <= now]

    def until_next_probe(self) -> float:
        """Seconds until the next probe is due (0 when one is due now)."""
        with self._lock:
            return max(0.0, min(h.next_probe for h in self._hubs) - self._clock())

    def backoff_delay(self, level: int) -> float:
        """Fail-back probe delay at a level: recovery_backoff x multiplier^level, capped by recovery_timeout."""
        o = self._o
        return backoff_delay(o.recovery_backoff, o.recovery_timeout, o.backoff_multiplier, level)

    def snapshot(self):
        with self._lock:
            return [HubStatus(h.index, h.name, h.url, h.state, h.index == self._active,
                              h.probe_failures if h.state == HEALTHY else h.backoff_level,
                              h.last_success, h.last_failure, h.last_error, h.next_probe) for h in self._hubs]

    def _make_healthy(self, h: _Hub) -> None:
        h.state = HEALTHY
        h.probe_failures = h.recovery_successes = 0
        h.next_probe = self._clock() + self._o.health_check_interval

    def _make_unhealthy(self, h: _Hub, raise_level: bool) -> None:
        now = self._clock()
        # A hub that breaks again soon after recovering keeps (and raises) its backoff level: no flapping.
        flapped = h.recovered_at is not None and now - h.recovered_at < self._o.recovery_timeout
        h.backoff_level = h.backoff_level + 1 if raise_level or flapped else 0
        h.state = UNHEALTHY
        h.probe_failures = h.recovery_successes = 0
        h.next_probe = now + self.backoff_delay(h.backoff_level)

    def _recompute(self, reason: str) -> Optional[ActiveHubChange]:
        nxt = next((h.index for h in self._hubs if h.state == HEALTHY), -1)
        if nxt == self._active:
            return None
        change = ActiveHubChange(self._active, nxt, reason)
        self._active = nxt
        return change
