"""The failover state machine step by step as tests/scenarios/selector-cases.yaml describes it; the C# SDK runs the
same file in tests/DualHub.Client.Tests (SelectorCasesTests)."""

import os

import pytest
import yaml

from conftest import REPO_ROOT
from dualhub_client.config import FailoverOptions, HubEndpoint
from dualhub_client.selector import HubSelector

with open(os.path.join(REPO_ROOT, "tests", "scenarios", "selector-cases.yaml"), encoding="utf-8") as f:
    FILE = yaml.safe_load(f)


class Clock:
    def __init__(self):
        self.now = 1_767_225_600.0  # 2026-01-01T00:00:00Z

    def __call__(self):
        return self.now


def _number(v) -> str:
    return f"{float(v):.6f}".rstrip("0").rstrip(".")


def _do(s, clock, names, a):
    hub = names.index(a[1]) if len(a) > 1 and a[0] != "advance" else -1
    if a[0] == "start":
        return None
    if a[0] == "advance":
        clock.now += float(a[1])
        return None
    if a[0] in ("probe", "probe-now"):
        if a[0] == "probe":
            clock.now = max(clock.now, s.snapshot()[hub].next_probe)
        ok = a[2] == "ok"
        return s.report_probe(hub, ok, None if ok else "refused")
    if a[0] == "push-failure":
        return s.report_push_failure(hub, "refused")
    if a[0] == "push-success":
        return s.report_push_success(hub)
    raise AssertionError("unknown action " + a[0])


def _check(s, clock, names, change, expect, where):
    def name(i):
        return "none" if i < 0 else names[i]

    hubs = s.snapshot()
    for key, want in expect.items():
        if key == "change":
            got = "none" if change is None else f"{name(change.from_index)} -> {name(change.to_index)} {'failover' if change.is_failover else 'failback'}"
            assert got == want, f"{where}: change"
        elif key == "active":
            assert name(s.active) == want, f"{where}: active"
        elif key in ("delivery", "panic"):
            order, panic = s.delivery_order()
            assert (panic if key == "panic" else [name(i) for i in order]) == want, f"{where}: {key}"
        elif key == "due":
            assert [name(i) for i in s.due_probes()] == want, f"{where}: due"
        else:
            for hub, v in want.items():
                h = hubs[names.index(hub)]
                got = {"state": lambda: h.state, "failures": lambda: h.consecutive_failures,
                       "next_probe_in": lambda: _number(h.next_probe - clock.now)}[key]()
                assert got == (_number(v) if key == "next_probe_in" else v), f"{where}: {key} of {hub}"


@pytest.mark.parametrize("case", FILE["cases"], ids=[c["name"] for c in FILE["cases"]])
def test_the_state_machine_steps_as_the_shared_case_says(case):
    names = [("primary", "fallback")[i] if i < 2 else f"hub{i + 1}" for i in range(case.get("hubs", 2))]
    clock = Clock()
    d = FILE["defaults"]
    options = FailoverOptions(**{k: d[k] for k in d})
    s = HubSelector([HubEndpoint(n, f"http://127.0.0.1:{9000 + i}/") for i, n in enumerate(names)], options, clock)
    for k, step in enumerate(case["steps"], 1):
        action = step["do"].split(" ")
        change = _do(s, clock, names, action)
        if "expect" in step:
            _check(s, clock, names, change, step["expect"], f"step {k} ({step['do']})")
