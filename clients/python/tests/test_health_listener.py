"""The standalone /health listener: the documented answers, the exclusive port."""

import json
import socket
import urllib.error
import urllib.request

import pytest
from prometheus_client import CollectorRegistry

from dualhub_client import AgentOptions, DualHubAgent, HubEndpoint
from dualhub_client.config import SpoolOptions
from fakes import FakeHubs


@pytest.fixture
def agent(tmp_path):
    hubs = FakeHubs()
    o = AgentOptions(name="listener_agent", node="pc2", hubs=(HubEndpoint("primary", "http://127.0.0.1:9100"),),
                     spool=SpoolOptions(path=str(tmp_path)), health_port=0)
    a = DualHubAgent(o, registry=CollectorRegistry(), transport_factory=hubs.transport).start(run_loops=False)
    a.hubs_fake = hubs
    yield a
    a.stop()


def get(url, method="GET"):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=5) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()


def test_serves_health_json_healthy_and_the_last_batch(agent):
    agent.push_now()
    base = agent.health_url[: -len("/health")]

    status, ctype, body = get(agent.health_url)
    assert (status, ctype) == (200, "application/json")
    assert json.loads(body)["active_hub"]["name"] == "primary"
    assert get(base + "/-/healthy")[2] == b"OK\n"
    status, ctype, body = get(base + "/metrics")
    assert ctype == "text/plain; version=0.0.4; charset=utf-8" and b"dualhub_push_sequence 1" in body


def test_answers_503_when_no_hub_accepts_and_404_405_for_the_rest(agent):
    agent.hubs_fake.down(9100)
    agent.push_now()
    base = agent.health_url[: -len("/health")]

    assert get(agent.health_url)[0] == 503
    assert json.loads(get(agent.health_url)[2])["status"] == "unhealthy"
    assert get(base + "/nope")[0] == 404
    assert get(agent.health_url, method="POST")[0] == 405


def test_a_malformed_or_oversized_request_is_400(agent):
    port = int(agent.health_url.split(":")[2].split("/")[0])
    for request in (b"GARBAGE\r\n\r\n", b"GET /health HTTP/1.1\r\nX: " + b"a" * 9000 + b"\r\n\r\n"):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(request)
            assert s.recv(64).startswith(b"HTTP/1.1 400 ")


def test_a_health_port_in_use_is_refused_naming_the_key(agent, tmp_path):
    port = int(agent.health_url.split(":")[2].split("/")[0])
    o = AgentOptions(name="second", node="pc2", hubs=(HubEndpoint("primary", "http://127.0.0.1:9100"),),
                     spool=SpoolOptions(path=str(tmp_path / "second")), health_port=port)
    with pytest.raises(RuntimeError, match=rf"^health_port: cannot listen on 127.0.0.1:{port}: "):
        DualHubAgent(o, registry=CollectorRegistry(), transport_factory=FakeHubs().transport).start(run_loops=False)
