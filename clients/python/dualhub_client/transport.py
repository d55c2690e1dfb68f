"""The wire to the hubs: a push (``PUT`` of a text 0.0.4 body, the Pushgateway API) and a ``GET /-/healthy`` probe.

Each request has its own deadline, the caller's (see :mod:`.timeouts`), connect included; a connect gives up at the
latest at the longest timeout any request may have. A transport keeps one connection per hub alive
between pushes; it is used by one thread only (each loop has its own).
"""

from __future__ import annotations

import base64
import errno
import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlsplit

ACCEPTED, REJECTED, FAILED = "accepted", "rejected", "failed"
"""How a hub answered: 2xx; the body itself refused (400, 413, 415, 422: re-sending it anywhere would not help);
refused connection, timeout, 5xx or another status (a passive health failure)."""

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# The batch's time (Unix ms): hubs stamp its samples with it (docs/client.md, "Batch time").
BATCH_TIME_HEADER = "X-DualHub-Batch-Time"
_REJECTING = (400, 413, 415, 422)
_MAX_READ = 64 * 1024

# The socket error names the C# SDK logs (.NET's SocketError), so both clients' logs and /health read alike.
_ERRNO_NAMES = {
    errno.ECONNREFUSED: "ConnectionRefused",
    errno.ECONNRESET: "ConnectionReset",
    errno.ECONNABORTED: "ConnectionAborted",
    errno.EPIPE: "Shutdown",
    errno.EHOSTUNREACH: "HostUnreachable",
    errno.ENETUNREACH: "NetworkUnreachable",
    errno.ETIMEDOUT: "TimedOut",
    errno.EADDRNOTAVAIL: "AddressNotAvailable",
}


@dataclass(frozen=True)
class Outcome:
    """One push or probe result: status, HTTP code (0 when none) and the error text for logs."""

    status: str
    http_status: int = 0
    error: Optional[str] = None

    @property
    def answered(self) -> bool:
        """The hub answered with some HTTP status (its latency is known; a timeout or refusal is not an answer)."""
        return self.http_status > 0


class HttpTransport:
    """Pushes and probes over ``http.client``; not thread-safe (one per loop)."""

    def __init__(self, longest_timeout: float, tls_config=None, basic_auth=None):
        self._longest = longest_timeout
        self._connections = {}
        self._ssl = _ssl_context(tls_config)
        self._server_name = tls_config.server_name if tls_config is not None else None
        self._basic_auth = basic_auth

    def push(self, url: str, body: bytes, timeout: float, batch_time_ms: int = 0) -> Outcome:
        """PUT of a text 0.0.4 body; a ``batch_time_ms`` above 0 goes with it as ``X-DualHub-Batch-Time``."""
        headers = {BATCH_TIME_HEADER: str(batch_time_ms)} if batch_time_ms > 0 else {}
        return self._send("PUT", url, body, timeout, keep=True, headers=headers)

    def probe(self, url: str, timeout: float) -> Outcome:
        r = self._send("GET", url, None, timeout, keep=False)
        return Outcome(FAILED, r.http_status, r.error) if r.status == REJECTED else r

    def close(self) -> None:
        for c in self._connections.values():
            c.close()
        self._connections.clear()

    def _send(self, method: str, url: str, body: Optional[bytes], timeout: float, keep: bool, headers=None) -> Outcome:
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname, parts.port)
        target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        deadline = time.monotonic() + timeout
        while True:
            conn = self._connections.pop(key, None) if keep else None
            pooled = conn is not None
            try:
                if conn is None:
                    conn = _connect(parts, max(min(deadline - time.monotonic(), self._longest), 0.001), self._ssl, self._server_name)
                _budget(conn, deadline)
                conn.putrequest(method, target, skip_accept_encoding=True)
                if self._basic_auth is not None:
                    creds = f"{self._basic_auth.username}:{self._basic_auth.resolve_password()}".encode("utf-8")
                    conn.putheader("Authorization", "Basic " + base64.b64encode(creds).decode("ascii"))
                if body is not None:
                    conn.putheader("Content-Type", CONTENT_TYPE)
                    conn.putheader("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    conn.putheader(name, value)
                conn.endheaders(body)
                _budget(conn, deadline)
                response = conn.getresponse()
                text = response.read(_MAX_READ)
                code = response.status
                if keep and not response.will_close and response.isclosed():
                    self._connections[key] = conn
                else:
                    conn.close()
            except (socket.timeout, TimeoutError):
                _close(conn)
                return Outcome(FAILED, 0, f"timeout after {timeout * 1000:.0f} ms")
            except (OSError, http.client.HTTPException) as ex:
                _close(conn)
                if pooled and time.monotonic() < deadline and _stale(ex):
                    continue  # a kept connection the hub had closed: once more on a new one, as HTTP clients do
                return Outcome(FAILED, 0, _describe(ex))
            if 200 <= code < 300:
                return Outcome(ACCEPTED, code)
            detail = text.decode("utf-8", "replace")
            detail = detail[:200] if len(detail) > 200 else detail.rstrip()
            return Outcome(REJECTED if code in _REJECTING else FAILED, code, f"HTTP {code}: {detail}")


def _ssl_context(tls) -> ssl.SSLContext:
    """The client side of ``tls_config``: ``ca_file`` (else the system store), the client certificate, ``insecure_skip_verify``."""
    ctx = ssl.create_default_context(cafile=tls.ca_file if tls is not None else None)
    if tls is not None and tls.cert_file is not None:
        ctx.load_cert_chain(tls.cert_file, tls.key_file)
    if tls is not None and tls.insecure_skip_verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


class _NamedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS whose certificate is checked against ``server_name`` instead of the URL's host."""

    def __init__(self, host, port, server_name, **kw):
        super().__init__(host, port, **kw)
        self._server_name = server_name

    def connect(self):
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self._server_name)


def _connect(parts, timeout: float, context: Optional[ssl.SSLContext] = None, server_name: Optional[str] = None) -> http.client.HTTPConnection:
    if parts.scheme == "https" and server_name:
        conn = _NamedHTTPSConnection(parts.hostname, parts.port, server_name, timeout=timeout, context=context)
    elif parts.scheme == "https":
        conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout, context=context)
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    conn.connect()
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return conn


def _budget(conn: http.client.HTTPConnection, deadline: float) -> None:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise socket.timeout()
    conn.sock.settimeout(remaining)


def _close(conn) -> None:
    if conn is not None:
        conn.close()


def _stale(ex: Exception) -> bool:
    return isinstance(ex, (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError, ConnectionAbortedError))


def _describe(ex: Exception) -> str:
    if isinstance(ex, OSError) and ex.errno in _ERRNO_NAMES:
        return _ERRNO_NAMES[ex.errno]
    if isinstance(ex, http.client.RemoteDisconnected):
        return "ConnectionReset"
    return f"{type(ex).__name__}: {ex}"
