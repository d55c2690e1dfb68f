"""The agent YAML cases both clients must read alike (tests/scenarios/config-cases.yaml); the C# SDK runs the same
file in tests/DualHub.Client.Tests (ConfigCasesTests)."""

import os

import pytest
import yaml

from conftest import REPO_ROOT
from dualhub_client import AgentConfigError, parse_config

with open(os.path.join(REPO_ROOT, "tests", "scenarios", "config-cases.yaml"), encoding="utf-8") as f:
    CASES = yaml.safe_load(f)


def _number(d) -> str:
    text = f"{float(d):.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text(v) -> str:
    """A case's expected value as text, as the C# test renders it: lists joined with commas, numbers plain."""
    if isinstance(v, list):
        return ",".join(_text(x) for x in v)
    if v is None:
        return "null"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, (int, float)):
        return _number(v)
    try:
        return _number(float(v)) if v.strip() and v.strip().lstrip("+-").replace(".", "", 1).isdigit() else v
    except ValueError:
        return v


def _values(o) -> dict:
    f = o.failover
    return {
        "name": o.name, "node": o.node,
        "hubs": ",".join(f"{h.name}={h.url}" for h in o.hubs),
        "pushgateway": o.pushgateway or "null",
        "push_interval": _number(o.push_interval),
        "health_check_interval": _number(f.health_check_interval),
        "max_retries": _number(f.max_retries),
        "failover_threshold": _number(f.failover_threshold),
        "recovery_timeout": _number(f.recovery_timeout),
        "push_timeout": _number(f.push_timeout),
        "retry_backoff": _number(f.retry_backoff),
        "recovery_backoff": _number(f.recovery_backoff),
        "backoff_multiplier": _number(f.backoff_multiplier),
        "recovery_successes": _number(f.recovery_successes),
        "adaptive_timeout": str(f.adaptive_timeout).lower(),
        "push_timeout_min": _number(f.push_timeout_min),
        "push_timeout_max": _number(f.push_timeout_max),
        "push_timeout_factor": _number(f.push_timeout_factor),
        "push_timeout_percentile": _number(f.push_timeout_percentile),
        "latency_window": _number(f.latency_window),
        "latency_min_samples": _number(f.latency_min_samples),
        "spool_path": o.spool.path,
        "spool_max_batches": _number(o.spool.max_batches),
        "spool_max_bytes": str(o.spool.max_bytes),
        "health_port": "null" if o.health_port is None else str(o.health_port),
        "health_host": o.health_host,
        "nats_urls": ",".join(o.nats.urls),
        "health_subject": o.nats.health_subject,
        "metrics_subject": o.nats.metrics_subject,
    }


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_agent_yaml_reads_as_the_shared_case_says(case):
    env = case.get("env") or {}
    if "error" in case:
        with pytest.raises(AgentConfigError) as ex:
            parse_config(case["yaml"], "agent.yaml", environment=env.get)
        assert str(ex.value) == case["error"]
        return
    actual = _values(parse_config(case["yaml"], "agent.yaml", environment=env.get))
    for key, expected in case["expect"].items():
        assert key in actual, f"unknown expectation '{key}'"
        assert actual[key] == _text(expected), key
