#!/usr/bin/python3
"""Crash and hang failover of both agent clients, measured with one harness (docs/benchmarks.md, "Agent clients").

For each client (C#: `dualhub agent resource-manager`; Python: `python3 -m dualhub_client.example`) two real
`dualhub hub --role edge` hubs and the agent as its own process, driven by the shared scenario runner
(clients/python/tests/scenario_runner.py: the hubs' sample journals are the record of every accepted batch). Each run:
the agent on the primary, then the fault (SIGKILL or SIGSTOP of the primary), failover = fault -> first new batch the
fallback accepted (its journal time); then the primary back (restart or SIGCONT) and the agent on it again. At the end
every batch number is checked: lost = numbers no hub accepted.

    bench/client-failover.py [--runs 50] [--clients csharp,python] [--faults crash,hang] [--dualhub PATH]
"""
import argparse
import os
import statistics
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [os.path.join(ROOT, "clients", "python", "tests"), os.path.join(ROOT, "bench")]
from benchproc import dualhub_argv  # noqa: E402
from scenario_runner import ScenarioRunner, dualhub_command  # noqa: E402

# The shared scenarios' timings (tests/scenarios/crash-failover.yaml): push every 200 ms, max_retries 3, push_timeout 500 ms.
AGENT = {"push_interval": 0.2, "failover_config": {"health_check_interval": 1, "recovery_backoff": 0.2, "recovery_timeout": 2}}
# The C# pilot agent's own CPU alerts would make /health degraded on a busy machine; they play no part here.
CSHARP_SECTIONS = {"resource_manager": {"alert_thresholds": {"cpu": 100, "memory": 100, "disk": 100}}}


def agent_command(client, dualhub):
    if client == "csharp":
        return dualhub + ["agent", "resource-manager", "--config"]
    os.environ["PYTHONPATH"] = os.path.join(ROOT, "clients", "python")
    return ["/usr/bin/python3", "-m", "dualhub_client.example", "--config"]


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def run(client, faults, runs, dualhub):
    scenario = {"name": f"bench-{client}", "hubs": ["primary", "fallback"], "steps": [],
                "agent": {**AGENT, **(CSHARP_SECTIONS if client == "csharp" else {})}}
    runner = ScenarioRunner(scenario, agent_command(client, dualhub), dualhub, log=lambda _: None)
    results = {}
    try:
        runner.setup()
        runner.step("start-agent", "start")
        runner.step({"wait": {"accepted": "primary", "batches": 5, "within": 60}}, "warm-up")
        for fault in faults:
            times = []
            for i in range(runs):
                where = f"{client} {fault} run {i + 1}"
                runner.step({"hang" if fault == "hang" else "crash": "primary"}, where)
                runner.step({"wait": {"accepted": "fallback", "within": 30, "timing": "failover"}}, where)
                times.append(runner.timings["failover"])
                runner.step({"resume" if fault == "hang" else "restart": "primary"}, where)
                runner.step({"wait": {"accepted": "primary", "batches": 2, "within": 60}}, where)
                print(f"{where}: failover {times[-1]:.0f} ms", file=sys.stderr)
            results[fault] = times
        runner.poll()
        accepted = {s for h in runner.hubs.values() for s, _ in h.records}
        lost = len(set(range(1, max(accepted) + 1)) - accepted)
    finally:
        runner.close()
    return results, lost, max(accepted)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--clients", default="csharp,python")
    ap.add_argument("--faults", default="crash,hang")
    ap.add_argument("--dualhub", help="dualhub binary or dualhub.dll (default: $DUALHUB_EXE, else the JIT build)")
    args = ap.parse_args()
    dualhub = dualhub_argv(args.dualhub) if args.dualhub else dualhub_command(ROOT)
    if dualhub is None:
        sys.exit("no dualhub build: pass --dualhub, set DUALHUB_EXE or build src/DualHub.Cli")
    print(f"| client | fault | runs | p50 ms | p99 ms | max ms | batches | lost |")
    print(f"|---|---|---|---|---|---|---|---|")
    for client in args.clients.split(","):
        results, lost, total = run(client, args.faults.split(","), args.runs, dualhub)
        for fault, t in results.items():
            print(f"| {client} | {fault} | {len(t)} | {statistics.median(t):.0f} | {pct(t, 99):.0f} | {max(t):.0f} | {total} | {lost} |", flush=True)


if __name__ == "__main__":
    main()
