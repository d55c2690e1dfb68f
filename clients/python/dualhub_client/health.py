"""``/health`` (docs/client.md): the report's JSON, the same shape as the C# SDK's, and the small standalone listener.

The listener (``health_port``) serves ``GET /health`` (JSON; 200, or 503 when no hub accepts), ``GET /-/healthy`` and
``/-/ready`` (``OK``) and ``GET /metrics`` (the last batch pushed); other paths 404, other methods 405, malformed or
oversized (8 KiB) requests 400. One request per connection, 5 s per request. The port is bound exclusively: a second
agent with the same ``health_port`` fails at start.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import threading
import time
from datetime import datetime, timezone
from typing import Callable, Optional

from . import _log

MAX_REQUEST_BYTES = 8192
REQUEST_TIMEOUT = 5.0
_TEXT = "text/plain; charset=utf-8"
_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"}
_ORDER = {"healthy": 0, "degraded": 1, "unhealthy": 2}


def format_time(t: Optional[float]) -> Optional[str]:
    """Unix seconds as ``2026-11-27T08:01:31.911Z`` (None stays None)."""
    if t is None:
        return None
    dt = datetime.fromtimestamp(t, timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def build_report(name: str, node: str, hubs, stats, started_at: float, at: float,
                 own_status: Optional[Callable[[], str]] = None, details: Optional[Callable[[], dict]] = None) -> dict:
    """The report as a dict with the documented keys, in the documented order."""
    status = "unhealthy" if stats.active_hub_index < 0 else (
        "degraded" if stats.active_hub_index > 0 or stats.spool_batches > 0 else "healthy")
    extra = None
    try:
        own = own_status() if own_status is not None else None
        if own in _ORDER and _ORDER[own] > _ORDER[status]:
            status = own
        extra = details() if details is not None else None
    except Exception:  # an agent's own hook must not break /health
        status = "degraded" if status == "healthy" else status
    active = None
    if stats.active_hub_index >= 0:
        h = hubs[stats.active_hub_index]
        active = {"name": h.name, "url": h.url, "index": h.index}
    report = {
        "status": status,
        "agent": name,
        "node": node,
        "active_hub": active,
        "hubs": [{
            "name": h.name, "url": h.url, "state": h.state, "active": h.active,
            "consecutive_failures": h.consecutive_failures,
            "last_success": format_time(h.last_success), "last_failure": format_time(h.last_failure),
            "last_error": h.last_error, "next_probe": format_time(h.next_probe),
        } for h in hubs],
        "last_push": {"sequence": stats.last_accepted_sequence, "hub": stats.last_accepted_hub,
                      "at": format_time(stats.last_accepted_at)},
        "sequence": stats.sequence,
        "spool": {"batches": stats.spool_batches, "bytes": stats.spool_bytes, "dropped": stats.spool_dropped},
        "pushes_accepted": stats.pushes_accepted,
        "push_attempts_failed": stats.push_attempts_failed,
        "failovers": stats.failovers,
        "failbacks": stats.failbacks,
        "uptime_seconds": round(at - started_at, 3),
        "time": format_time(at),
    }
    if extra is not None:
        report["details"] = extra
    return report


def _address(host: str):
    if host in ("0.0.0.0", "*", "+"):
        return socket.AF_INET, "0.0.0.0", "127.0.0.1"
    if host == "::":
        return socket.AF_INET6, "::", "127.0.0.1"
    if host == "localhost":
        return socket.AF_INET, "127.0.0.1", "127.0.0.1"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"health_host: '{host}' is not an IP address") from None
    if ip.version == 6:
        return socket.AF_INET6, host, f"[{host}]"
    return socket.AF_INET, host, host


class HealthListener:
    """Serves ``/health``, ``/-/healthy`` and ``/metrics`` for one agent on its own threads; with a web config
    (``web_config_file``) over TLS and behind basic auth, as the C# SDK's listener."""

    def __init__(self, host: str, port: int, report: Callable[[], dict], last_body: Callable[[], bytes], logger: logging.Logger, web=None):
        family, bind, shown = _address(host)
        sock = socket.socket(family, socket.SOCK_STREAM)
        # SO_REUSEADDR on Linux only lets a restarted agent bind past its old connections' TIME_WAIT; a second
        # listener on the same port still fails (no SO_REUSEPORT).
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((bind, port))
            sock.listen(64)
        except OSError as ex:
            sock.close()
            raise RuntimeError(f"health_port: cannot listen on {host}:{port}: {ex.strerror or ex}") from ex
        self._sock = sock
        self._report = report
        self._last_body = last_body
        self._log = logger
        self._web = web
        self.port = sock.getsockname()[1]
        tls = web is not None and web.context is not None
        self.url = f"{'https' if tls else 'http'}://{shown}:{self.port}/health"
        self._thread = threading.Thread(target=self._accept_loop, name="dualhub-health", daemon=True)
        self._thread.start()

    def close(self) -> None:
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()
        self._thread.join(2)

    def _accept_loop(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), name="dualhub-health-request", daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        if self._web is not None and self._web.context is not None:
            try:
                # The handshake (client certificate checked here) within the request's deadline: a silent client holds a thread 5 s at most.
                conn.settimeout(REQUEST_TIMEOUT)
                conn = self._web.context.wrap_socket(conn, server_side=True)
            except (OSError, ValueError) as ex:
                conn.close()
                _log.emit(self._log, _log.LISTENER_ERROR, "health listener TLS handshake failed: %s", ex)
                return
        with conn:
            try:
                method, target, authorization = _read_request(conn)
                if method and self._web is not None and not self._web.auth.allows(authorization):
                    status, ctype, body = 401, _TEXT, b"Unauthorized\n"
                else:
                    status, ctype, body = self._respond(method, target)
                head = (f"HTTP/1.1 {status} {_REASONS.get(status, 'Service Unavailable')}\r\nContent-Type: {ctype}\r\n"
                        f"Content-Length: {len(body)}\r\nConnection: close\r\n"
                        + ("Allow: GET, HEAD\r\n" if status == 405 else "")
                        + ("WWW-Authenticate: Basic\r\n" if status == 401 else "") + "\r\n")
                conn.sendall(head.encode("ascii") + (b"" if method == "HEAD" else body))
                conn.shutdown(socket.SHUT_RDWR)
            except OSError as ex:
                _log.emit(self._log, _log.LISTENER_ERROR, "health listener request failed: %s", ex)

    def _respond(self, method: str, target: str):
        if not method:
            return 400, _TEXT, b"400 bad request\n"
        if method not in ("GET", "HEAD"):
            return 405, _TEXT, b"405 method not allowed\n"
        path = target.split("?", 1)[0]
        if path == "/health":
            report = self._report()
            body = json.dumps(report, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            return (503 if report["status"] == "unhealthy" else 200), "application/json", body
        if path in ("/-/healthy", "/-/ready"):
            return 200, _TEXT, b"OK\n"
        if path == "/metrics":
            return 200, "text/plain; version=0.0.4; charset=utf-8", self._last_body()
        return 404, _TEXT, b"404 page not found\n"


def _read_request(conn: socket.socket):
    """Reads up to the end of the headers; the method, target and Authorization header, ("", "", None) when
    malformed, oversized or too slow."""
    deadline = time.monotonic() + REQUEST_TIMEOUT
    data = b""
    while len(data) < MAX_REQUEST_BYTES:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        conn.settimeout(remaining)
        try:
            chunk = conn.recv(MAX_REQUEST_BYTES - len(data))
        except socket.timeout:
            break
        if not chunk:
            break
        data += chunk
        if b"\r\n\r\n" in data:
            lines = data[: data.index(b"\r\n\r\n")].decode("latin-1").split("\r\n")
            parts = lines[0].split(" ")
            if len(parts) == 3 and parts[2].startswith("HTTP/1."):
                authorization = next((v.strip() for n, _, v in (h.partition(":") for h in lines[1:]) if n.strip().lower() == "authorization"), None)
                return parts[0], parts[1], authorization
            return "", "", None
    return "", "", None
