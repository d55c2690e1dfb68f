"""The client's own figures, pushed with every batch under the same names as the C# SDK's ``DualHub.Client`` meter."""

from __future__ import annotations

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from .selector import HEALTHY


class ClientCollector:
    """A prometheus_client collector over one agent's counters (registered in the agent's own registry)."""

    def __init__(self, agent):
        self._agent = agent

    def collect(self):
        a = self._agent
        s = a.stats
        hubs = a.hub_states
        yield _counter("dualhub_client_failovers", "Switches to a lower-priority hub (or to none).", s.failovers)
        yield _counter("dualhub_client_failbacks", "Switches back to a higher-priority hub.", s.failbacks)
        yield _counter("dualhub_client_spool_dropped", "Batches dropped because the spool was full.", s.spool_dropped)
        yield _counter("dualhub_client_batches_rejected", "Batches a hub refused as invalid (4xx).", s.batches_rejected)
        yield GaugeMetricFamily("dualhub_client_spool_batches", "Batches waiting in the spool.", value=s.spool_batches)
        yield GaugeMetricFamily("dualhub_client_spool_bytes", "Bytes waiting in the spool.", value=s.spool_bytes)
        pushes = CounterMetricFamily("dualhub_client_pushes", "Batches accepted, per hub.", labels=["hub"])
        failures = CounterMetricFamily("dualhub_client_push_failures", "Failed push attempts, per hub.", labels=["hub"])
        up = GaugeMetricFamily("dualhub_client_hub_up", "1 when the hub is healthy for this agent.", labels=["hub"])
        for h in hubs:
            pushes.add_metric([h.name], a.accepted(h.index))
            failures.add_metric([h.name], a.failed_attempts(h.index))
            up.add_metric([h.name], 1 if h.state == HEALTHY else 0)
        yield pushes
        yield failures
        yield up
        active = GaugeMetricFamily("dualhub_client_active_hub", "Index of the active hub (0 = primary, -1 = none), labelled with its name and URL.", labels=["hub", "url"])
        active.add_metric([s.active_hub, "" if s.active_hub_index < 0 else hubs[s.active_hub_index].url], s.active_hub_index)
        yield active


def _counter(name: str, doc: str, value: float) -> CounterMetricFamily:
    return CounterMetricFamily(name, doc, value=value)
