"""The agent's delivery path with scripted hubs: retries, failover, sequence numbers, spool, /health."""

import os

import pytest
from prometheus_client import CollectorRegistry, Counter

from dualhub_client import AgentOptions, DualHubAgent, FailoverRecorder, HubEndpoint
from dualhub_client.config import FailoverOptions, SpoolOptions
from fakes import FakeHubs

PRIMARY, FALLBACK = 9100, 9000


@pytest.fixture
def hubs():
    return FakeHubs()


@pytest.fixture
def make(hubs, tmp_path):
    agents = []

    def start(max_batches=10_000, retry_backoff=0.0, registry=None, **failover):
        o = AgentOptions(name="test_agent", node="pc2",
                         hubs=(HubEndpoint("primary", f"http://127.0.0.1:{PRIMARY}"), HubEndpoint("fallback", f"http://127.0.0.1:{FALLBACK}")),
                         failover=FailoverOptions(retry_backoff=retry_backoff, **failover),
                         spool=SpoolOptions(path=str(tmp_path / "spool"), max_batches=max_batches))
        a = DualHubAgent(o, registry=registry or CollectorRegistry(), transport_factory=hubs.transport,
                         monotonic=hubs.monotonic)
        agents.append(a)
        return a.start(run_loops=False)

    yield start
    for a in agents:
        a.stop()


def test_a_refused_batch_is_tried_max_retries_times_then_resent_with_its_number_to_the_fallback(make, hubs):
    agent = make()
    rec = FailoverRecorder(agent)
    assert agent.push_now()
    hubs.down(PRIMARY)

    assert agent.push_now()

    assert hubs.attempts == [(PRIMARY, 1), (PRIMARY, 2), (PRIMARY, 2), (PRIMARY, 2), (FALLBACK, 2)]
    assert hubs.accepted == [(PRIMARY, 1), (FALLBACK, 2)]
    (f,) = rec.changes
    assert (f.from_hub, f.to_hub, f.sequence, f.is_failover) == ("primary", "fallback", 2, True)
    assert agent.stats.failovers == 1 and agent.stats.active_hub_index == 1


def test_after_a_failover_new_batches_go_straight_to_the_fallback_with_consecutive_numbers(make, hubs):
    agent = make()
    hubs.down(PRIMARY)
    for _ in range(4):
        agent.push_now()

    assert hubs.accepted_by(FALLBACK) == [1, 2, 3, 4]
    assert sum(1 for p, _ in hubs.attempts if p == PRIMARY) == 3


def test_what_no_hub_accepts_is_spooled_and_delivered_in_order_when_a_hub_returns(make, hubs, tmp_path):
    agent = make()
    hubs.down(PRIMARY)
    hubs.down(FALLBACK)
    for _ in range(3):
        assert not agent.push_now()

    assert agent.stats.spool_batches == 3
    assert agent.stats.active_hub_index == -1
    assert agent.health()["status"] == "unhealthy"
    assert [n.partition("-")[0] for n in sorted(os.listdir(tmp_path / "spool"))] == ["00000000000000000001", "00000000000000000002", "00000000000000000003", "sequence"]
    hubs.up(FALLBACK)

    assert agent.push_now()

    assert hubs.accepted_by(FALLBACK) == [1, 2, 3, 4]
    assert agent.stats.spool_batches == 0
    assert os.listdir(tmp_path / "spool") == ["sequence"]


def test_every_attempt_of_a_batch_carries_its_time_strictly_increasing_per_batch_also_from_the_spool(make, hubs):
    agent = make()
    assert agent.push_now()
    hubs.down(PRIMARY)
    hubs.down(FALLBACK)
    assert not agent.push_now()
    assert not agent.push_now()
    hubs.up(FALLBACK)
    assert agent.push_now()

    by_sequence = {}
    for seq, time_ms in hubs.batch_times:
        by_sequence.setdefault(seq, set()).add(time_ms)
    assert sorted(by_sequence) == [1, 2, 3, 4]
    # a retry, a failover and a spool drain resend the batch's own time
    assert all(len(times) == 1 for times in by_sequence.values())
    times = [next(iter(by_sequence[s])) for s in sorted(by_sequence)]
    assert times == sorted(set(times)) and times[0] > 1_700_000_000_000


def test_a_restarted_agent_delivers_its_full_spool_in_order_before_new_data_and_keeps_numbering(make, hubs):
    first = make(max_batches=5)
    hubs.down(PRIMARY)
    hubs.down(FALLBACK)
    for _ in range(5):
        first.push_now()
    first.stop()

    hubs.up(PRIMARY)
    second = make(max_batches=5)
    assert second.stats.sequence == 5 and second.stats.spool_batches == 5
    assert second.push_now()

    assert hubs.accepted_by(PRIMARY) == [1, 2, 3, 4, 5, 6]


def test_a_full_spool_drops_its_oldest_counts_them_and_raises_an_event(make, hubs):
    agent = make(max_batches=3)
    rec = FailoverRecorder(agent)
    hubs.down(PRIMARY)
    hubs.down(FALLBACK)
    for _ in range(5):
        agent.push_now()

    assert agent.stats.spool_batches == 3 and agent.stats.spool_dropped == 2
    assert [(o.first_sequence, o.last_sequence) for o in rec.overflows] == [(1, 1), (2, 2)]
    hubs.up(PRIMARY)
    agent.push_now()
    assert hubs.accepted_by(PRIMARY) == [3, 4, 5, 6]


def test_a_batch_the_hub_rejects_as_invalid_is_dropped_without_failover(make, hubs):
    agent = make()
    hubs.reject(PRIMARY)

    assert not agent.push_now()

    assert hubs.attempts == [(PRIMARY, 1)]
    assert agent.stats.batches_rejected == 1 and agent.stats.active_hub_index == 0 and agent.stats.spool_batches == 0


def test_a_throwing_event_handler_does_not_lose_the_batch(make, hubs):
    agent = make()
    agent.on_batch_accepted.append(lambda e: 1 / 0)

    assert agent.push_now()
    assert hubs.accepted_by(PRIMARY) == [1]


def test_every_push_carries_the_registry_the_sequence_and_the_clients_own_figures(make, hubs):
    registry = CollectorRegistry()
    Counter("jobs_done", "Jobs done.", registry=registry).inc(7)
    agent = make(registry=registry)
    agent.push_now()
    body = agent.last_body.decode()

    assert "jobs_done_total 7.0" in body
    assert "# TYPE dualhub_push_sequence gauge\ndualhub_push_sequence 1\n" in body
    assert 'dualhub_client_active_hub{hub="primary",url="http://127.0.0.1:9100/"} 0.0' in body
    assert 'dualhub_client_pushes_total{hub="primary"} 0.0' in body  # counted after the body was rendered
    agent.push_now()
    assert 'dualhub_client_pushes_total{hub="primary"} 1.0' in agent.last_body.decode()


def test_health_report_shows_hubs_active_hub_spool_and_sequence(make, hubs):
    agent = make()
    agent.push_now()
    hubs.down(PRIMARY)
    agent.push_now()

    h = agent.health()

    assert list(h) == ["status", "agent", "node", "active_hub", "hubs", "last_push", "sequence", "spool",
                       "pushes_accepted", "push_attempts_failed", "failovers", "failbacks", "uptime_seconds", "time"]
    assert h["status"] == "degraded"
    assert h["active_hub"] == {"name": "fallback", "url": "http://127.0.0.1:9000/", "index": 1}
    p = h["hubs"][0]
    assert (p["state"], p["active"], p["consecutive_failures"], p["last_error"]) == ("unhealthy", False, 0, "ConnectionRefused")
    assert list(p) == ["name", "url", "state", "active", "consecutive_failures", "last_success", "last_failure", "last_error", "next_probe"]
    assert h["last_push"]["sequence"] == 2 and h["last_push"]["hub"] == "fallback"
    assert (h["sequence"], h["spool"], h["pushes_accepted"], h["push_attempts_failed"]) == (2, {"batches": 0, "bytes": 0, "dropped": 0}, 2, 3)
    assert h["time"].endswith("Z") and len(h["time"]) == 24


# --- the adaptive push timeout, on the fake hubs' clock (docs/client.md; the C# AgentDeliveryTests.AdaptiveTimeout) --


def _push(agent, count):
    for _ in range(count):
        assert agent.push_now()


def test_a_hub_that_answers_in_milliseconds_is_left_after_three_200_ms_timeouts_when_it_hangs(make, hubs):
    agent = make()
    hubs.latency(PRIMARY, 0.003)
    _push(agent, 10)
    hubs.hang(PRIMARY)
    before = hubs.monotonic()

    _push(agent, 1)

    assert hubs.timeouts_of(PRIMARY)[-3:] == [0.2, 0.2, 0.2]
    assert hubs.monotonic() - before == pytest.approx(0.6)
    assert hubs.accepted_by(FALLBACK) == [11]
    assert agent.stats.failovers == 1


def test_until_a_hub_has_answered_latency_min_samples_times_its_requests_wait_push_timeout(make, hubs):
    agent = make()
    hubs.latency(PRIMARY, 0.003)
    _push(agent, 8)

    assert hubs.timeouts_of(PRIMARY) == [0.5] * 8
    _push(agent, 1)
    assert hubs.timeouts_of(PRIMARY)[-1] == 0.2


def test_a_slow_hub_answering_twice_as_slowly_as_usual_is_not_failed(make, hubs):
    agent = make()
    hubs.latency(PRIMARY, 0.2)
    _push(agent, 10)
    assert hubs.timeouts_of(PRIMARY)[-1] == 0.6
    hubs.latency(PRIMARY, 0.4)

    _push(agent, 1)

    assert agent.stats.failovers == 0
    assert agent.stats.active_hub_index == 0
    _push(agent, 1)
    assert hubs.timeouts_of(PRIMARY)[-1] == 1.2


def test_with_adaptive_timeout_off_every_push_waits_push_timeout(make, hubs):
    agent = make(adaptive_timeout=False)
    hubs.latency(PRIMARY, 0.003)
    _push(agent, 10)
    hubs.hang(PRIMARY)

    _push(agent, 1)

    assert set(hubs.timeouts_of(PRIMARY)) == {0.5}
    assert agent.stats.failovers == 1


def test_a_timed_out_or_refused_request_teaches_the_window_nothing(make, hubs):
    agent = make(push_timeout_percentile=50)
    hubs.latency(PRIMARY, 0.003)
    _push(agent, 7)
    hubs.hang(PRIMARY)
    _push(agent, 1)  # three timeouts at push_timeout (not learned), then the fallback
    hubs.hung.discard(PRIMARY)
    hubs.down(FALLBACK)
    hubs.down(PRIMARY)
    assert not agent.push_now()  # the fallback refuses: spooled, no hub healthy
    assert not agent.push_now()  # panic: one refused attempt on each hub

    assert hubs.timeouts_of(PRIMARY)[-4:] == [0.5, 0.5, 0.5, 1.5]  # then panic: the ceiling
    # Still 7 answers (fewer than latency_min_samples): had a failure counted, the median would be 3 ms (200 ms).
    assert agent._timeouts.for_hub(0, healthy=True) == 0.5
