"""Scripted hubs for the unit tests: a transport whose hubs are up or down by port, recording every attempt."""

import re
import threading
from urllib.parse import urlsplit

from dualhub_client.transport import ACCEPTED, FAILED, REJECTED, Outcome

SEQUENCE = re.compile(rb"^dualhub_push_sequence (\d+)$", re.M)


class FakeHubs:
    """Shared by every transport the agent makes: ``down(port)``, ``up(port)``, ``reject(port)``."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_ports, self.rejecting = set(), set()
        self.attempts, self.accepted, self.probes = [], [], []

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

    def push(self, url, body):
        port = urlsplit(url).port
        seq = int(SEQUENCE.search(body).group(1))
        with self._hubs.lock:
            self._hubs.attempts.append((port, seq))
            if port in self._hubs.down_ports:
                return Outcome(FAILED, 0, "ConnectionRefused")
            if port in self._hubs.rejecting:
                return Outcome(REJECTED, 400, "HTTP 400: bad body")
            self._hubs.accepted.append((port, seq))
            return Outcome(ACCEPTED, 200)

    def probe(self, url):
        port = urlsplit(url).port
        with self._hubs.lock:
            self._hubs.probes.append(port)
            return Outcome(FAILED, 0, "ConnectionRefused") if port in self._hubs.down_ports else Outcome(ACCEPTED, 200)

    def close(self):
        pass
