"""The agent: the push loop, the probe loop, the spool, the events (docs/client.md). Threads, never the caller's:
``start()`` returns at once and nothing the agent does blocks the application."""

from __future__ import annotations

import base64
import concurrent.futures
import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable, Optional
from urllib.parse import quote

from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.exposition import generate_latest

from . import _log
from .config import AgentOptions
from .events import HubChanged, SpoolOverflow
from .health import HealthListener, build_report
from .selector import HubSelector
from .sender import AgentCounters, BatchSender
from .spool import AppendResult, Batch, DiskSpool, SequenceFile
from .telemetry import ClientCollector
from .timeouts import HubTimeouts
from .transport import ACCEPTED, FAILED, HttpTransport

SEQUENCE_HELP = "Sequence number of this push (+1 per new batch; a re-sent batch keeps its number)."


@dataclass(frozen=True)
class AgentStats:
    """Counters of one agent since it started (a snapshot)."""

    sequence: int
    pushes_accepted: int
    push_attempts_failed: int
    batches_rejected: int
    failovers: int
    failbacks: int
    spool_batches: int
    spool_bytes: int
    spool_dropped: int
    active_hub_index: int
    active_hub: str
    last_accepted_sequence: int
    last_accepted_hub: Optional[str]
    last_accepted_at: Optional[float]


def grouping_path(job: str, instance: str) -> str:
    """``metrics/job/<job>/instance/<instance>``; a value with ``/`` or an empty one as ``@base64``."""
    def component(name: str, value: str) -> str:
        if not value:
            return f"{name}@base64/="
        if "/" in value:
            return f"{name}@base64/" + base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")
        return f"{name}/" + quote(value, safe="-_.~$&+:=@")

    return "metrics/" + component("job", job) + "/" + component("instance", instance)


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _timespan(seconds: float) -> str:
    # .NET's TimeSpan text ("00:00:00.5000000"), as the C# SDK's start line prints push_interval.
    ticks = int(round(seconds * 10_000_000))
    days, rest = divmod(ticks, 864_000_000_000)
    h, rest = divmod(rest, 36_000_000_000)
    m, rest = divmod(rest, 600_000_000)
    s, frac = divmod(rest, 10_000_000)
    text = (f"{days}." if days else "") + f"{h:02d}:{m:02d}:{s:02d}"
    return text + (f".{frac:07d}" if frac else "")


class DualHubAgent:
    """Pushes ``registry`` (default: prometheus_client's global one) every ``push_interval`` to the first healthy hub.

    Callbacks (run on the agent's threads: keep them short; an exception in one is logged and ignored):
    ``on_failover``/``on_failback`` (:class:`HubChanged`), ``on_batch_accepted`` (:class:`BatchAccepted`),
    ``on_spool_overflow`` (:class:`SpoolOverflow`). ``health_status`` (a callable returning ``"degraded"`` ...)
    and ``health_details`` (a callable returning a dict) add the agent's own state to ``/health``.
    """

    def __init__(self, options: AgentOptions, registry: CollectorRegistry = REGISTRY,
                 logger: Optional[logging.Logger] = None, clock: Callable[[], float] = time.time,
                 transport_factory: Callable[[float], object] = HttpTransport,
                 monotonic: Callable[[], float] = time.monotonic):
        self.options = options.validate()
        self._registry = registry
        self._log = logger or logging.getLogger("dualhub_client")
        self._clock = clock
        self._transport_factory = transport_factory
        self._monotonic = monotonic  # latencies (the adaptive timeout); tests pass a fake one
        o = self.options
        self.hubs = o.hubs
        self._selector = HubSelector(o.hubs, o.failover, clock)
        self._timeouts = HubTimeouts(len(o.hubs), o.failover)
        self._counters = AgentCounters(len(o.hubs))
        path = grouping_path(o.name, o.node)
        self._push_urls = [_with_slash(h.url) + path for h in o.hubs]
        self._probe_urls = [_with_slash(h.url) + "-/healthy" for h in o.hubs]
        self._pushgateway_url = None if o.pushgateway is None else _with_slash(o.pushgateway) + path
        self._own = CollectorRegistry(auto_describe=False)
        self._own.register(ClientCollector(self))
        self.on_failover, self.on_failback, self.on_batch_accepted, self.on_spool_overflow = [], [], [], []
        self.health_status: Optional[Callable[[], str]] = None
        self.health_details: Optional[Callable[[], dict]] = None
        self._push_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._copy_ready = threading.Condition()
        self._copy_body: Optional[bytes] = None
        self._copy_busy = False
        self._threads = []
        self._spool: Optional[DiskSpool] = None
        self._sequence_file: Optional[SequenceFile] = None
        self._listener: Optional[HealthListener] = None
        self._transport = None
        self._probe_pool = None
        self._sequence = 0
        self._last_batch_ms = 0
        self._last_accepted_sequence = 0
        self._last_accepted_hub: Optional[str] = None
        self._last_accepted_at: Optional[float] = None
        self._started_at = clock()
        self._last_body = b""
        self._started = False

    # --- lifecycle -------------------------------------------------------------------------------------------------

    def start(self, run_loops: bool = True) -> "DualHubAgent":
        """Opens the spool, resumes the sequence, starts the health listener and the loops; returns at once.
        ``run_loops=False`` (tests) starts no loop: pushes happen only through :meth:`push_now`."""
        if self._started:
            raise RuntimeError("The agent is already started.")
        self._started = True
        o = self.options
        self._started_at = self._clock()
        self._spool = DiskSpool(o.spool)
        self._sequence_file = SequenceFile(o.spool.path)
        self._sequence = max(self._spool.max_sequence, self._sequence_file.load())
        self._transport = self._make_transport(o.failover.longest_timeout)
        self._sender = BatchSender(self._selector, self._transport, self._timeouts, o.failover, self._push_urls,
                                   self._counters, self._log, self._on_active_changed, self._on_accepted,
                                   self._stopping, self._clock, self._monotonic)
        if o.health_port is not None:
            self._listener = HealthListener(o.health_host, o.health_port, self.health, lambda: self._last_body, self._log, o.web_config)
            _log.emit(self._log, _log.HEALTH_LISTENING, "health listener on %s", self._listener.url)
        hubs = ", ".join(f"{h.name}={h.url}" for h in o.hubs)
        _log.emit(self._log, _log.STARTED, "agent %s on %s started: hubs %s, push every %s, spool %s (%d batches waiting), sequence resumes at %d",
                  o.name, o.node, hubs, _timespan(o.push_interval), o.spool.path, self._spool.count, self._sequence + 1)
        if o.nats.urls and o.nats.enabled:
            _log.emit(self._log, _log.NATS_NOT_PUBLISHED, "nats: this client publishes nothing to NATS (%s): health is served on /health only, hub changes are logged and raised as callbacks",
                      ",".join(o.nats.urls))
        if run_loops:
            self._probe_pool = concurrent.futures.ThreadPoolExecutor(len(o.hubs), thread_name_prefix="dualhub-probe")
            self._spawn(self._probe_loop, "dualhub-probes")
            self._spawn(self._push_loop, "dualhub-push")
            if self._pushgateway_url is not None:
                self._spawn(self._copy_loop, "dualhub-pushgateway")
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stops the loops (an attempt in flight ends within its timeout, at most ``push_timeout_max``) and the health listener."""
        if not self._started or self._stopping.is_set():
            return
        self._stopping.set()
        self._wake.set()
        with self._copy_ready:
            self._copy_ready.notify_all()
        for t in self._threads:
            t.join(timeout)
        if self._probe_pool is not None:
            self._probe_pool.shutdown(wait=False)
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._transport is not None:
            self._transport.close()

    def __enter__(self) -> "DualHubAgent":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def push_now(self) -> bool:
        """One new batch now, synchronously (tests, or a host that wants a last push before it exits)."""
        if self._spool is None:
            raise RuntimeError("Start the agent first.")
        with self._push_lock:
            return self._push_once()

    # --- state -----------------------------------------------------------------------------------------------------

    @property
    def health_url(self) -> Optional[str]:
        return None if self._listener is None else self._listener.url

    @property
    def last_body(self) -> bytes:
        """The last rendered batch (served on the health listener's ``/metrics``)."""
        return self._last_body

    @property
    def hub_states(self):
        return self._selector.snapshot()

    @property
    def stats(self) -> AgentStats:
        active = self._selector.active
        c = self._counters
        with c.lock:
            accepted, failed = sum(c.accepted), sum(c.failed)
            rejected, failovers, failbacks, dropped = c.rejected, c.failovers, c.failbacks, c.spool_dropped
        with self._state_lock:
            last = (self._last_accepted_sequence, self._last_accepted_hub, self._last_accepted_at)
        spool = self._spool
        return AgentStats(self._sequence, accepted, failed, rejected, failovers, failbacks,
                          spool.count if spool else 0, spool.bytes if spool else 0, dropped,
                          active, self._selector.name_of(active), *last)

    def accepted(self, hub: int) -> int:
        with self._counters.lock:
            return self._counters.accepted[hub]

    def failed_attempts(self, hub: int) -> int:
        with self._counters.lock:
            return self._counters.failed[hub]

    def health(self) -> dict:
        """The ``/health`` report as a dict (docs/client.md, "/health")."""
        o = self.options
        return build_report(o.name, o.node, self._selector.snapshot(), self.stats, self._started_at, self._clock(),
                            self.health_status, self.health_details)

    # --- loops -----------------------------------------------------------------------------------------------------

    def _spawn(self, target, name: str) -> None:
        t = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(t)
        t.start()

    def _push_loop(self) -> None:
        interval = self.options.push_interval
        due = time.monotonic()
        while not self._stopping.is_set():
            try:
                wait = due - time.monotonic()
                if wait > 0:
                    if self._wake.wait(wait) and not self._stopping.is_set():
                        self._wake.clear()
                        with self._push_lock:
                            self._drain()
                    continue
                with self._push_lock:
                    self._push_once()
                now = time.monotonic()
                due += interval
                if due <= now:
                    due = now + interval  # a slow push skips ticks instead of bursting
            except Exception:  # the loop must outlive any bug in one push: log it and push again next tick
                _log.emit(self._log, _log.LOOP_ERROR, "push loop error", exc_info=True)
                due = time.monotonic() + interval

    def _make_transport(self, longest_timeout: float):
        # The real transport carries tls_config and basic_auth; test fakes take the timeout only.
        if self._transport_factory is HttpTransport:
            return HttpTransport(longest_timeout, self.options.tls_config, self.options.basic_auth)
        return self._transport_factory(longest_timeout)

    def _probe_loop(self) -> None:
        transports = {}

        def probe(index: int):
            # One transport per pool thread: a probe opens its own connection and closes it.
            t = transports.setdefault(threading.get_ident(), self._make_transport(self.options.failover.longest_timeout))
            started = self._monotonic()
            r = t.probe(self._probe_urls[index], self._timeouts.for_hub(index, self._selector.is_healthy(index)))
            if r.answered:
                self._timeouts.record(index, self._monotonic() - started)
            return r

        while not self._stopping.is_set():
            try:
                due = self._selector.due_probes()
                if due:
                    results = list(self._probe_pool.map(probe, due))
                    for index, r in zip(due, results):
                        ok = r.status == ACCEPTED
                        if not ok:
                            _log.emit(self._log, _log.PROBE_FAILED, "health probe of %s failed: %s", self._selector.name_of(index), r.error)
                        change = self._selector.report_probe(index, ok, r.error)
                        if change is not None:
                            self._on_active_changed(change, 0)
                            if change.to_index >= 0 and self._spool.count > 0:
                                self._wake.set()  # a hub is back: deliver the spool now, not at the next tick
                self._stopping.wait(max(self._selector.until_next_probe(), 0.001))
            except Exception:  # the probe loop must outlive any bug in one round
                if self._stopping.is_set():
                    break
                _log.emit(self._log, _log.LOOP_ERROR, "push loop error", exc_info=True)
                self._stopping.wait(self.options.failover.recovery_backoff)

    def _push_once(self) -> bool:
        """One new batch: numbered, rendered, sent (behind the spool if anything waits there), spooled if no hub takes it."""
        self._sequence += 1
        seq = self._sequence
        self._sequence_file.save(seq)
        # Strictly increasing: two batches made within one millisecond (or across a clock step back) stay two samples.
        self._last_batch_ms = max(int(self._clock() * 1000), self._last_batch_ms + 1)
        batch = Batch(seq, self._render(seq), self._last_batch_ms)
        self._last_body = batch.body
        self._copy_to_pushgateway(batch.body)
        # Order: whatever waits in the spool goes first; the new batch only joins it if the spool cannot be emptied.
        if self._spool.count > 0 and not self._drain():
            self._spool_batch(batch)
            return False
        status = self._sender.send(batch, from_spool=False)
        if status == FAILED:
            self._spool_batch(batch)
            return False
        return status == ACCEPTED

    def _drain(self) -> bool:
        delivered = 0
        while True:
            batch = self._spool.peek_oldest()
            if batch is None or self._sender.send(batch, from_spool=True) == FAILED:
                break
            self._spool.remove_oldest(batch.sequence)
            delivered += 1
        if delivered > 0 and self._spool.count == 0:
            _log.emit(self._log, _log.SPOOL_DRAINED, "spool drained to %s: %d batches delivered in order", self.stats.last_accepted_hub or "?", delivered)
        return self._spool.count == 0

    def _spool_batch(self, batch: Batch) -> None:
        try:
            r = self._spool.append(batch)
        except OSError:
            # Disk full or unwritable: this batch is lost, and said so like an overflow.
            _log.emit(self._log, _log.LOOP_ERROR, "push loop error", exc_info=True)
            r = AppendResult(1, len(batch.body), batch.sequence, batch.sequence)
        _log.emit(self._log, _log.SPOOLED, "no hub accepted batch %d; spooled (%d batches, %d bytes waiting)", batch.sequence, self._spool.count, self._spool.bytes)
        if r.dropped_batches > 0:
            self._counters.add("spool_dropped", n=r.dropped_batches)
            _log.emit(self._log, _log.SPOOL_OVERFLOW, "spool overflow: dropped %d oldest batches (%d bytes, sequences %d-%d) to stay within its bounds",
                      r.dropped_batches, r.dropped_bytes, r.first_dropped, r.last_dropped)
            self._raise(self.on_spool_overflow, SpoolOverflow(r.dropped_batches, r.dropped_bytes, r.first_dropped, r.last_dropped, self._clock()))

    def _render(self, sequence: int) -> bytes:
        return (generate_latest(self._registry) + generate_latest(self._own)
                + (f"# HELP dualhub_push_sequence {SEQUENCE_HELP}\n# TYPE dualhub_push_sequence gauge\n"
                   f"dualhub_push_sequence {sequence}\n").encode("ascii"))

    def _copy_to_pushgateway(self, body: bytes) -> None:
        if self._pushgateway_url is None or not self._threads:
            return
        with self._copy_ready:
            if self._copy_busy:
                return  # an extra copy: never retried, never spooled, never more than one in flight
            self._copy_busy = True
            self._copy_body = body
            self._copy_ready.notify()

    def _copy_loop(self) -> None:
        longest = self.options.failover.longest_timeout
        transport = self._make_transport(longest)
        try:
            while True:
                with self._copy_ready:
                    while self._copy_body is None and not self._stopping.is_set():
                        self._copy_ready.wait()
                    if self._stopping.is_set():
                        return
                    body, self._copy_body = self._copy_body, None
                try:
                    r = transport.push(self._pushgateway_url, body, longest)
                    if r.status != ACCEPTED:
                        self._counters.add("pushgateway_failures")
                        _log.emit(self._log, _log.PUSHGATEWAY_FAILED, "pushgateway copy of batch %d failed: %s", self._sequence, r.error)
                finally:
                    with self._copy_ready:
                        self._copy_busy = False
        finally:
            transport.close()

    # --- events ----------------------------------------------------------------------------------------------------

    def _on_active_changed(self, change, sequence: int) -> None:
        def name(i):
            return None if i < 0 else self.hubs[i].name

        def url(i):
            return None if i < 0 else self.hubs[i].url

        e = HubChanged(name(change.from_index), url(change.from_index), name(change.to_index), url(change.to_index),
                       change.reason, self._clock(), sequence, change.is_failover)
        if change.is_failover:
            self._counters.add("failovers")
            _log.emit(self._log, _log.FAILED_OVER, "failover: %s (%s) -> %s (%s) at batch %d: %s",
                      e.from_hub or "none", e.from_url, e.to_hub or "none (spooling)", e.to_url, sequence, e.reason)
            self._raise(self.on_failover, e)
        else:
            self._counters.add("failbacks")
            _log.emit(self._log, _log.FAILED_BACK, "fail-back: %s (%s) -> %s (%s): %s",
                      e.from_hub or "none", e.from_url, e.to_hub or "none", e.to_url, e.reason)
            self._raise(self.on_failback, e)

    def _on_accepted(self, e) -> None:
        with self._state_lock:
            self._last_accepted_sequence = max(self._last_accepted_sequence, e.sequence)
            switched = self._last_accepted_hub is not None and self._last_accepted_hub != e.hub
            self._last_accepted_hub = e.hub
            self._last_accepted_at = e.at
        if switched:
            _log.emit(self._log, _log.FIRST_ACCEPTED_AFTER_SWITCH, "batch %d accepted by %s (%s), the first there since a switch: %.1f ms after its first attempt, %d attempts",
                      e.sequence, e.hub, e.url, (e.at - e.first_attempt_at) * 1000, e.attempts)
        self._raise(self.on_batch_accepted, e)

    def _raise(self, handlers, event) -> None:
        for h in list(handlers):
            try:
                h(event)
            except Exception:  # a host's handler must never break delivery
                _log.emit(self._log, _log.LOOP_ERROR, "push loop error", exc_info=True)
