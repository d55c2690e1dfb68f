"""Scripted hubs for the unit tests: a transport whose hubs are up, down, slow or hung by port, recording every
attempt and its timeout, on a fake monotonic clock the hubs' latencies advance."""

import re
import threading
from urllib.parse import urlsplit

from dualhub_client.transport import ACCEPTED, FAILED, REJECTED, Outcome

SEQUENCE = re.compile(rb"^dualhub_push_sequence (\d+)$", re.M)


class FakeHubs:
    """Shared by every transport the agent makes: ``down(port)``, ``up(port)``, ``reject(port)``, ``latency(port, s)``,
    ``hang(port)``; ``monotonic`` is the clock to give the agent."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_ports, self.rejecting, self.hung = set(), set(), set()
        self.latencies = {}
        self.now = 0.0
        self.attempts, self.accepted, self.probes, self.timeouts = [], [], [], []
        self.batch_times = []

    def monotonic(self):
        with self.lock:
            return self.now

    def latency(self, port, seconds):
        self.latencies[port] = seconds

    def hang(self, port):
        self.hung.add(port)

    def timeouts_of(self, port):
        return [t for p, t in self.timeouts if p == port]

    def down(self, port):
        self.down_ports.add(port)

    def up(self, port):
        self.down_ports.discard(port)

    def reject(self, port):
        self.rejecting.add(port)

    def accepted_by(self, port):
        return [s for p, s in self.accepted if p == port]

    def transport(self, timeout):
        return _FakeTransport(self)


class _FakeTransport:
    def __init__(self, hubs):
        self._hubs = hubs

    def push(self, url, body, timeout, batch_time_ms=0):
        port = urlsplit(url).port
        seq = int(SEQUENCE.search(body).group(1))
        with self._hubs.lock:
            self._hubs.attempts.append((port, seq))
            self._hubs.batch_times.append((seq, batch_time_ms))
            if self._waited(port, timeout):
                return Outcome(FAILED, 0, f"timeout after {timeout * 1000:.0f} ms")
            if port in self._hubs.down_ports:
                return Outcome(FAILED, 0, "ConnectionRefused")
            if port in self._hubs.rejecting:
                return Outcome(REJECTED, 400, "HTTP 400: bad body")
            self._hubs.accepted.append((port, seq))
            return Outcome(ACCEPTED, 200)

    def probe(self, url, timeout):
        port = urlsplit(url).port
        with self._hubs.lock:
            self._hubs.probes.append(port)
            if self._waited(port, timeout):
                return Outcome(FAILED, 0, f"timeout after {timeout * 1000:.0f} ms")
            return Outcome(FAILED, 0, "ConnectionRefused") if port in self._hubs.down_ports else Outcome(ACCEPTED, 200)

    def close(self):
        pass

    def _waited(self, port, timeout):
        """Records the request's timeout and advances the clock by the hub's latency; True when it timed out."""
        h = self._hubs
        h.timeouts.append((port, timeout))
        took = float("inf") if port in h.hung else h.latencies.get(port, 0.0)
        if port in h.down_ports:
            took = 0.0
        h.now += min(took, timeout)
        return took >= timeout
