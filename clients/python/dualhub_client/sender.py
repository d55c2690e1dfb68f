"""Delivers one batch (docs/client.md, "Failover"): to the first healthy hub with ``max_retries`` attempts
``retry_backoff`` apart; when they all fail the hub is reported unhealthy (passive health) and the same batch goes to
the next hub. With no healthy hub every hub gets one attempt. Each attempt's timeout is the hub's own
(:class:`.timeouts.HubTimeouts`). FAILED means no hub accepted (the caller spools)."""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from . import _log
from .config import FailoverOptions
from .events import BatchAccepted
from .selector import HubSelector
from .spool import Batch
from .timeouts import HubTimeouts
from .transport import ACCEPTED, FAILED, REJECTED


class AgentCounters:
    """The agent's counters; updated by its loops under one lock."""

    def __init__(self, hubs: int):
        self.lock = threading.Lock()
        self.failovers = self.failbacks = self.rejected = self.spool_dropped = self.pushgateway_failures = 0
        self.accepted = [0] * hubs
        self.failed = [0] * hubs

    def add(self, name: str, hub: int = -1, n: int = 1) -> None:
        with self.lock:
            if hub < 0:
                setattr(self, name, getattr(self, name) + n)
            else:
                getattr(self, name)[hub] += n


class BatchSender:
    def __init__(self, selector: HubSelector, transport, timeouts: HubTimeouts, options: FailoverOptions, push_urls,
                 counters: AgentCounters, logger: logging.Logger, on_change: Callable, on_accepted: Callable,
                 stopping: threading.Event, clock: Callable[[], float] = time.time,
                 monotonic: Callable[[], float] = time.monotonic):
        self._selector = selector
        self._transport = transport
        self._timeouts = timeouts
        self._monotonic = monotonic
        self._o = options
        self._urls = push_urls
        self._counters = counters
        self._log = logger
        self._on_change = on_change
        self._on_accepted = on_accepted
        self._stopping = stopping
        self._clock = clock

    def send(self, batch: Batch, from_spool: bool) -> str:
        first_attempt = self._clock()
        order, panic = self._selector.delivery_order()
        attempts = 1 if panic else self._o.max_retries
        total = 0
        for hub in order:
            outcome = None
            for attempt in range(1, attempts + 1):
                total += 1
                started = self._monotonic()
                outcome = self._transport.push(self._urls[hub], batch.body, self._timeouts.for_hub(hub, healthy=not panic),
                                               batch.time_ms)
                if outcome.answered:
                    self._timeouts.record(hub, self._monotonic() - started)
                if outcome.status == ACCEPTED:
                    self._counters.add("accepted", hub)
                    change = self._selector.report_push_success(hub)
                    if change is not None:
                        self._on_change(change, batch.sequence)
                    self._on_accepted(BatchAccepted(hub, self._selector.name_of(hub), self._selector.url_of(hub),
                                                    batch.sequence, total, from_spool, first_attempt, self._clock()))
                    return ACCEPTED
                if outcome.status == REJECTED:
                    self._counters.add("rejected")
                    _log.emit(self._log, _log.BATCH_REJECTED, "hub %s rejected batch %d as invalid; dropped: %s",
                              self._selector.name_of(hub), batch.sequence, outcome.error)
                    return REJECTED
                self._counters.add("failed", hub)
                _log.emit(self._log, _log.PUSH_ATTEMPT_FAILED, "push of batch %d to %s failed (attempt %d/%d): %s",
                          batch.sequence, self._selector.name_of(hub), attempt, attempts, outcome.error)
                if attempt < attempts and self._o.retry_backoff > 0:
                    self._stopping.wait(self._o.retry_backoff)
            change = self._selector.report_push_failure(hub, outcome.error or "failed")
            if change is not None:
                self._on_change(change, batch.sequence)
        return FAILED
