#!/usr/bin/python3
"""Per-agent-process overhead of the Python client (docs/benchmarks.md, "Agent clients"): the same registry pushed at
the same interval to the same real Pushgateway by (a) a plain `prometheus_client.push_to_gateway` loop in a thread and
(b) `dualhub_client.DualHubAgent` (primary: the Pushgateway; spool, sequence, probes as configured by default), each in
its own /usr/bin/python3 process, beside (c) the same process pushing nothing. Reported per variant: CPU seconds of
every thread but the main one (the client's threads; the main thread only sleeps) per 100 pushes and per minute, and
VmRSS at the end (and its difference to (c)).

    bench/client-overhead.py [--seconds 60] [--interval 0.5] [--series 200]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [os.path.join(ROOT, "clients", "python"), os.path.join(ROOT, "bench")]
from benchproc import free_port, wait_http  # noqa: E402

VARIANTS = ["idle", "push_to_gateway", "dualhub_client"]


def child(variant, url, interval, seconds, series):
    from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, push_to_gateway
    registry = CollectorRegistry()
    g = Gauge("bench_value", "A gauge per series.", ["id"], registry=registry)
    for i in range(series):
        g.labels(str(i)).set(i)
    Counter("bench_work", "A counter.", registry=registry).inc()
    Histogram("bench_duration_seconds", "A histogram.", registry=registry).observe(0.1)
    stop = threading.Event()
    pushes = [0]
    agent = None
    if variant == "push_to_gateway":
        def loop():
            while not stop.is_set():
                push_to_gateway(url, job="bench_plain", registry=registry, timeout=0.5)
                pushes[0] += 1
                stop.wait(interval)
        threading.Thread(target=loop, daemon=True).start()
    elif variant == "dualhub_client":
        from dualhub_client import DualHubAgent, parse_config
        spool = tempfile.mkdtemp(prefix="dualhub-overhead-")
        text = json.dumps({"agent": {"name": "bench_dualhub", "node": "bench"}, "hub_endpoints": [url], "push_interval": interval, "spool": {"path": spool}})
        agent = DualHubAgent(parse_config(text, "bench.yaml"), registry=registry).start()
    time.sleep(seconds)
    main_cpu = time.thread_time()  # all of the main thread's CPU: imports, setup
    if agent is not None:
        pushes[0] = agent.stats.pushes_accepted
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open("/proc/self/status") as f:
        rss = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))
    # Process CPU (exited threads included) minus the main thread's: what the pushing threads used.
    threads_cpu = usage.ru_utime + usage.ru_stime - main_cpu
    print(json.dumps({"variant": variant, "threads_cpu": threads_cpu, "rss": rss, "pushes": pushes[0]}))
    stop.set()
    if agent is not None:
        agent.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--interval", type=float, default=0.5)
    ap.add_argument("--series", type=int, default=200)
    ap.add_argument("--child")
    ap.add_argument("--url")
    a = ap.parse_args()
    if a.child:
        child(a.child, a.url, a.interval, a.seconds, a.series)
        return
    port = free_port()
    pg = subprocess.Popen(["/usr/bin/prometheus-pushgateway", f"--web.listen-address=127.0.0.1:{port}", "--persistence.file="], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/-/ready", 30, pg)
        # All three at once: the same machine load for each.
        procs = [subprocess.Popen([sys.executable, __file__, "--child", v, "--url", url, "--interval", str(a.interval), "--seconds", str(a.seconds), "--series", str(a.series)],
                                  stdout=subprocess.PIPE, text=True) for v in VARIANTS]
        results = {r["variant"]: r for r in (json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs)}
    finally:
        pg.kill()
        pg.wait()
    idle = results["idle"]
    print(f"{a.series} series, push every {a.interval} s for {a.seconds:.0f} s, to prometheus-pushgateway (/usr/bin/python3 {sys.version.split()[0]})")
    print("| variant | pushes | CPU of the pushing threads (s) | per 100 pushes (ms) | per minute (ms) | VmRSS (MiB) | vs idle (MiB) |")
    print("|---|---|---|---|---|---|---|")
    for v in VARIANTS:
        r = results[v]
        cpu = r["threads_cpu"]
        per100 = cpu / r["pushes"] * 100 * 1000 if r["pushes"] else 0
        print(f"| {v} | {r['pushes']} | {cpu:.2f} | {per100:.0f} | {cpu / a.seconds * 60 * 1000:.0f} | {r['rss'] / 2**20:.1f} | {(r['rss'] - idle['rss']) / 2**20:+.1f} |")


if __name__ == "__main__":
    main()
