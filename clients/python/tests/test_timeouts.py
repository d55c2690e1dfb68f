"""The adaptive timeout rule of docs/client.md: factor x percentile of the window, clamped; push_timeout until learned.
Mirrors the C# SDK's HubTimeoutsTests (tests/DualHub.Client.Tests/Delivery)."""

import dataclasses

import pytest

from dualhub_client.config import FailoverOptions
from dualhub_client.timeouts import HubTimeouts, LatencyWindow


def create(**tweak):
    return HubTimeouts(2, dataclasses.replace(FailoverOptions(), **tweak))


def record(t, hub, count, ms):
    for _ in range(count):
        t.record(hub, ms / 1000)


def test_a_hub_that_has_not_answered_latency_min_samples_times_gets_push_timeout():
    t = create()
    record(t, 0, 7, 10)

    assert t.for_hub(0, healthy=True) == 0.5
    t.record(0, 0.010)
    assert t.for_hub(0, healthy=True) == 0.2


@pytest.mark.parametrize("latency_ms, healthy, expected_ms", [
    (2, True, 200),  # a fast hub: the floor
    (250, True, 750),  # factor 3 x its p95
    (2000, True, 1500),  # never above the ceiling
    (1, False, 1500),  # a hub that is not healthy: the ceiling
])
def test_the_timeout_is_factor_times_the_p95_between_floor_and_ceiling(latency_ms, healthy, expected_ms):
    t = create()
    record(t, 1, 64, latency_ms)

    assert t.for_hub(1, healthy) == expected_ms / 1000


def test_three_stalls_in_a_window_of_64_do_not_set_the_timeout_and_a_fourth_does():
    t = create()
    record(t, 0, 61, 2)
    record(t, 0, 3, 1700)

    assert t.for_hub(0, healthy=True) == 0.2
    t.record(0, 1.7)
    assert t.for_hub(0, healthy=True) == 1.5


def test_one_slow_answer_in_a_small_window_raises_the_percentile_and_leaves_with_the_window():
    t = create(latency_window=16)
    record(t, 0, 15, 100)
    t.record(0, 0.4)

    assert t.for_hub(0, healthy=True) == 1.2
    record(t, 0, 16, 100)
    assert t.for_hub(0, healthy=True) == 0.3


def test_with_adaptive_timeout_off_every_request_gets_push_timeout():
    t = create(adaptive_timeout=False)
    record(t, 0, 64, 1)

    assert t.for_hub(0, healthy=True) == 0.5
    assert t.for_hub(1, healthy=False) == 0.5


def test_each_hub_has_its_own_window():
    t = create()
    record(t, 0, 64, 400)

    assert t.for_hub(0, healthy=True) == 1.2
    assert t.for_hub(1, healthy=True) == 0.5  # not learned: push_timeout


def test_the_percentile_is_nearest_rank():
    w = LatencyWindow(100)
    for i in range(1, 101):
        w.add(i / 1000)

    assert w.percentile(50) == 0.05
    assert w.percentile(99) == 0.099
    assert w.percentile(100) == 0.1
