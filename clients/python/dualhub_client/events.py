"""What the agent tells its host: hub changes, accepted batches, spool overflows; and a recorder for drills."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class HubChanged:
    """The active hub changed (``to_hub`` None: no hub accepts, spooling). Times are Unix seconds."""

    from_hub: Optional[str]
    from_url: Optional[str]
    to_hub: Optional[str]
    to_url: Optional[str]
    reason: str
    at: float
    sequence: int
    is_failover: bool


@dataclass(frozen=True)
class BatchAccepted:
    """A hub accepted a batch after ``attempts`` attempts (all hubs), the first at ``first_attempt_at``."""

    hub_index: int
    hub: str
    url: str
    sequence: int
    attempts: int
    from_spool: bool
    first_attempt_at: float
    at: float


@dataclass(frozen=True)
class SpoolOverflow:
    """The spool dropped its oldest batches to stay within its bounds."""

    dropped_batches: int
    dropped_bytes: int
    first_sequence: int
    last_sequence: int
    at: float


class FailoverRecorder:
    """Records an agent's events for drills and tests: ``first_accepted_by(hub, after)`` gives the first batch a hub
    accepted after a fault (its ``at`` minus the fault time is the failover time), ``missing_sequences()`` the numbers
    no hub accepted (must be empty)."""

    def __init__(self, agent):
        self._lock = threading.Lock()
        self.accepted = []
        self.changes = []
        self.overflows = []
        agent.on_batch_accepted.append(self._add(self.accepted))
        agent.on_failover.append(self._add(self.changes))
        agent.on_failback.append(self._add(self.changes))
        agent.on_spool_overflow.append(self._add(self.overflows))

    def _add(self, target):
        def handler(e):
            with self._lock:
                target.append(e)
        return handler

    def first_accepted_by(self, hub_index: int, after: float) -> Optional[BatchAccepted]:
        with self._lock:
            return next((a for a in self.accepted if a.hub_index == hub_index and a.at > after), None)

    def missing_sequences(self):
        with self._lock:
            seen = sorted({a.sequence for a in self.accepted})
        if not seen:
            return []
        present = set(seen)
        return [s for s in range(seen[0], seen[-1] + 1) if s not in present]
