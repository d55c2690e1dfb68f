"""The real transport on loopback: each request waits its own timeout, and only an HTTP answer counts as one (a
timed-out request teaches the adaptive timeout nothing)."""

import http.server
import socket
import threading

import pytest

from dualhub_client.transport import ACCEPTED, FAILED, HttpTransport


@pytest.fixture
def hung_port():
    # Listening but never accepting: the connect succeeds (the kernel's backlog), no answer ever comes.
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    yield s.getsockname()[1]
    s.close()


@pytest.fixture
def hub():
    class Handler(http.server.BaseHTTPRequestHandler):
        status = 200

        def do_PUT(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(Handler.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], Handler
    server.shutdown()
    server.server_close()


def test_a_hung_hub_fails_the_request_at_its_own_timeout_not_the_longest(hung_port):
    t = HttpTransport(longest_timeout=30)
    try:
        r = t.push(f"http://127.0.0.1:{hung_port}/metrics/job/a", b"x 1\n", 0.05)
    finally:
        t.close()

    assert (r.status, r.http_status, r.answered, r.error) == (FAILED, 0, False, "timeout after 50 ms")


def test_any_http_status_is_an_answer(hub):
    port, handler = hub
    t = HttpTransport(longest_timeout=1.5)
    try:
        ok = t.push(f"http://127.0.0.1:{port}/metrics/job/a", b"x 1\n", 1.5)
        handler.status = 503
        unavailable = t.push(f"http://127.0.0.1:{port}/metrics/job/a", b"x 1\n", 1.5)
    finally:
        t.close()

    assert (ok.status, ok.answered) == (ACCEPTED, True)
    assert (unavailable.status, unavailable.http_status, unavailable.answered) == (FAILED, 503, True)
