"""The whole chain at the edge-compare load: target -> EdgeHub (scrape) -> CentralHub (remote-write receive, journal)
-> store (VictoriaMetrics single node, CentralHub's `store` upstream). Run through chain-keepup.sh.

SERIES series scraped every INTERVAL seconds by EdgeHub for WARMUP + DURATION seconds. Every SAMPLE seconds of the
measured DURATION: each hub's upstream backlog (pending samples) and lag from its /health, the store's inserted rows,
and CPU seconds and RSS of the three processes. Prints the store lag (CentralHub -> store) and EdgeHub's lag over the
run, whether CentralHub's backlog grows (least-squares slope of its pending samples), the samples the store took per
second, and samples per CPU-second of the whole chain (edge + central + store).
"""
import json, os, re, shutil, subprocess, sys, tempfile, time, urllib.request

from benchproc import bench_exposition, cpu_seconds, dualhub_argv, free_port, rss_bytes, serve_static, stop_all, wait_http

DLL = sys.argv[1]
SERIES = int(os.environ.get("SERIES", "100000"))
INTERVAL = int(os.environ.get("INTERVAL", "1"))
WARMUP = int(os.environ.get("WARMUP", "30"))
DURATION = int(os.environ.get("DURATION", "120"))
SAMPLE = int(os.environ.get("SAMPLE", "5"))
EDGE_BATCH = int(os.environ.get("EDGE_BATCH", "2000"))  # EdgeHub queue_config.max_samples_per_send


def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read().decode()


def upstream(hub, name):
    u = next(u for u in json.loads(get(hub + "/health"))["upstreams"] if u.get("name") == name)
    return u["pending_samples"], u["lag_seconds"]


def store_rows(vm):
    m = re.search(r'^vm_rows_inserted_total\{type="promremotewrite"\} (\S+)$', get(vm + "/metrics"), re.M)
    return float(m.group(1)) if m else 0.0


def slope(points):
    n = len(points)
    mx, my = sum(x for x, _ in points) / n, sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else 0.0


def main():
    work = tempfile.mkdtemp(prefix="chain-bench-")
    procs = {}
    try:
        target = f"127.0.0.1:{serve_static(bench_exposition(SERIES))}"
        vport, cport, eport = free_port(), free_port(), free_port()
        vm, central, edge = (f"http://127.0.0.1:{p}" for p in (vport, cport, eport))
        procs["store"] = subprocess.Popen(["/usr/bin/victoria-metrics", f"-httpListenAddr=127.0.0.1:{vport}", f"-storageDataPath={work}/vm",
                                           "-search.latencyOffset=1s", "-search.maxUniqueTimeseries=10000000"],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(vm + "/health", proc=procs["store"])
        env = {**os.environ, "DOTNET_gcServer": "0"}
        with open(f"{work}/central.yml", "w") as f:
            f.write(f"role: central\nremote_write:\n  - url: {vm}/api/v1/write\n    name: store\n    queue_config:\n      max_samples_per_send: 10000\n"
                    f"query:\n  url: {vm}\n")
        procs["central"] = subprocess.Popen([*dualhub_argv(DLL), "hub", "--role", "central", "--config", f"{work}/central.yml",
                                             "--listen", f"127.0.0.1:{cport}", "--data", f"{work}/central"],
                                            stdout=open(f"{work}/central.log", "w"), stderr=subprocess.STDOUT, env=env)
        wait_http(central + "/-/ready", proc=procs["central"])
        with open(f"{work}/edge.yml", "w") as f:
            f.write(f"role: edge\nglobal:\n  scrape_interval: {INTERVAL}s\n  scrape_timeout: {INTERVAL}s\n  external_labels:\n    hub: edge\n"
                    f"scrape_configs:\n  - job_name: bench\n    static_configs:\n      - targets: ['{target}']\n"
                    f"remote_write:\n  - url: {central}/api/v1/write\n    name: central\n    queue_config:\n      max_samples_per_send: {EDGE_BATCH}\n")
        procs["edge"] = subprocess.Popen([*dualhub_argv(DLL), "hub", "--role", "edge", "--config", f"{work}/edge.yml",
                                          "--listen", f"127.0.0.1:{eport}", "--data", f"{work}/edge"],
                                         stdout=open(f"{work}/edge.log", "w"), stderr=subprocess.STDOUT, env=env)
        wait_http(edge + "/-/ready", proc=procs["edge"])
        time.sleep(WARMUP)  # a benchmark's warm-up period, not synchronisation

        cpu0 = {k: cpu_seconds(p.pid) for k, p in procs.items()}
        rows0, t0 = store_rows(vm), time.time()
        central_pending, store_lag, edge_lag, rss = [], [], [], {k: 0 for k in procs}
        while time.time() - t0 < DURATION:
            time.sleep(SAMPLE)
            for k, p in procs.items():
                if p.poll() is not None:
                    raise SystemExit(f"{k} exited with {p.returncode}")
                rss[k] = max(rss[k], rss_bytes(p.pid))
            pending, lag = upstream(central, "store")
            central_pending.append((time.time() - t0, pending))
            store_lag.append(lag)
            edge_lag.append(upstream(edge, "central")[1])
        elapsed = time.time() - t0
        cpu = {k: cpu_seconds(p.pid) - cpu0[k] for k, p in procs.items()}
        stored = store_rows(vm) - rows0

        offered = SERIES / INTERVAL
        print(f"{SERIES} series every {INTERVAL} s through EdgeHub (max_samples_per_send {EDGE_BATCH}) -> CentralHub -> VictoriaMetrics 1.79, {elapsed:.0f} s measured after {WARMUP} s warm-up")
        print(f"offered {offered:,.0f} samples/s; stored {stored / elapsed:,.0f} samples/s (store rows inserted)")
        print(f"store lag (CentralHub -> store): max {max(store_lag):.1f} s, last {store_lag[-1]:.1f} s;  EdgeHub lag: max {max(edge_lag):.1f} s, last {edge_lag[-1]:.1f} s")
        growth = slope(central_pending)
        print(f"CentralHub backlog to the store: first {central_pending[0][1]:,} last {central_pending[-1][1]:,} samples, slope {growth:,.0f} samples/s")
        total = sum(cpu.values())
        print("CPU seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()) + f", chain {total:.1f} ({total / elapsed:.2f} cores)")
        print("RSS max MB: " + ", ".join(f"{k} {v / 1e6:.0f}" for k, v in rss.items()))
        print(f"samples per CPU-second of the chain: {stored / total:,.0f}")
        keeps_up = max(store_lag) < 5 and growth < 0.01 * offered
        print("store keeps up: " + ("yes" if keeps_up else "no") + " (store lag < 5 s and CentralHub's backlog not growing)")
        print("chain keeps up: " + ("yes" if edge_lag[-1] < 5 and stored >= 0.95 * offered * elapsed else "no")
              + " (EdgeHub's lag under 5 s at the end and the store taking at least 95 % of the offered samples)")
        return 0 if keeps_up else 1
    finally:
        stop_all(procs.values())
        shutil.rmtree(work, ignore_errors=True)


sys.exit(main())
