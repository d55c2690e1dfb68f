"""Side-by-side edge forwarding benchmark (see edge-compare.sh). Prints one table and the ratios."""
import http.server, json, os, shutil, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request

from benchproc import bench_exposition, cpu_seconds, dualhub_argv, free_port, rss_bytes, serve_static, wait_http

DLL = sys.argv[1]
SERIES = int(os.environ.get("SERIES", "100000"))
INTERVAL = int(os.environ.get("INTERVAL", "10"))
WARMUP = int(os.environ.get("WARMUP", "30"))
DURATION = int(os.environ.get("DURATION", "150"))


def query(vm, q):
    url = f"{vm}/api/v1/query?" + urllib.parse.urlencode({"query": q})
    with urllib.request.urlopen(url, timeout=60) as r:
        res = json.load(r)["data"]["result"]
    return float(res[0]["value"][1]) if res else 0.0


def main():
    work = tempfile.mkdtemp(prefix="edge-bench-")
    procs = []
    try:
        # Target: one static exposition of SERIES gauges (about 6 MB for 100k), served by a thread.
        tport = serve_static(bench_exposition(SERIES))
        target = f"127.0.0.1:{tport}"

        vport = free_port()
        vm = f"http://127.0.0.1:{vport}"
        procs.append(("receiver", subprocess.Popen(["/usr/bin/victoria-metrics", f"-httpListenAddr=127.0.0.1:{vport}",
                                                    f"-storageDataPath={work}/vm", "-search.latencyOffset=1s",
                                                    "-search.maxUniqueTimeseries=10000000"],
                                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
        wait_http(vm + "/health")
        write = vm + "/api/v1/write"

        def scrape_yaml(agent, extra=""):
            return (f"global:\n  scrape_interval: {INTERVAL}s\n  scrape_timeout: {max(1, INTERVAL - 1)}s\n"
                    f"  external_labels:\n    agent: {agent}\n"
                    f"scrape_configs:\n  - job_name: bench\n    static_configs:\n      - targets: ['{target}']\n{extra}")

        agents = {}
        # DualHub edge
        dport = free_port()
        with open(f"{work}/dualhub.yml", "w") as f:
            f.write(scrape_yaml("dualhub", f"remote_write:\n  - url: {write}\n    queue_config:\n      max_samples_per_send: 2000\n"))
        agents["dualhub edge"] = subprocess.Popen(
            [*dualhub_argv(DLL), "hub", "--role", "edge", "--config", f"{work}/dualhub.yml", "--listen", f"127.0.0.1:{dport}", "--data", f"{work}/dualhub"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "DOTNET_gcServer": "0"})
        # vmagent
        with open(f"{work}/vmagent.yml", "w") as f:
            f.write(scrape_yaml("vmagent").replace("  external_labels:\n    agent: vmagent\n", ""))
        agents["vmagent 1.79"] = subprocess.Popen(
            ["/usr/bin/vmagent", f"-promscrape.config={work}/vmagent.yml", f"-remoteWrite.url={write}", "-remoteWrite.label=agent=vmagent",
             f"-remoteWrite.tmpDataPath={work}/vmagent", "-remoteWrite.queues=1", f"-httpListenAddr=127.0.0.1:{free_port()}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Prometheus agent
        with open(f"{work}/prom.yml", "w") as f:
            f.write(scrape_yaml("prometheus", f"remote_write:\n  - url: {write}\n"))
        agents["prometheus 2.42 agent"] = subprocess.Popen(
            ["/usr/bin/prometheus", "--enable-feature=agent", f"--config.file={work}/prom.yml", f"--storage.agent.path={work}/prom",
             f"--web.listen-address=127.0.0.1:{free_port()}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.extend(agents.items())

        time.sleep(WARMUP)
        labels = {"dualhub edge": "dualhub", "vmagent 1.79": "vmagent", "prometheus 2.42 agent": "prometheus"}
        start_cpu = {n: cpu_seconds(p.pid) for n, p in agents.items()}
        t0 = time.time()
        start_count = {n: query(vm, f'count(count_over_time(bench_series{{agent="{labels[n]}"}}[1h]))') for n in agents}
        start_samples = {n: query(vm, f'sum(count_over_time(bench_series{{agent="{labels[n]}"}}[1h]))') for n in agents}
        rss_peak = {n: 0 for n in agents}
        while time.time() - t0 < DURATION:
            time.sleep(2)
            for n, p in agents.items():
                if p.poll() is not None:
                    raise SystemExit(f"{n} exited with {p.returncode}")
                rss_peak[n] = max(rss_peak[n], rss_bytes(p.pid))
        elapsed = time.time() - t0
        cpu = {n: cpu_seconds(p.pid) - start_cpu[n] for n, p in agents.items()}
        rss_end = {n: rss_bytes(p.pid) for n, p in agents.items()}
        time.sleep(INTERVAL)  # let the last batches land
        end_samples = {n: query(vm, f'sum(count_over_time(bench_series{{agent="{labels[n]}"}}[1h]))') for n in agents}

        print(f"\nEdge forwarding: {SERIES} active series, scrape every {INTERVAL}s, {elapsed:.0f} s measured after {WARMUP} s warm-up, 2-core machine, loopback")
        print(f"{'agent':<24}{'samples/s':>12}{'CPU s':>9}{'samples/CPU-s':>15}{'RSS MB':>9}{'peak MB':>9}{'B/series':>10}")
        rows = {}
        for n in agents:
            delivered = end_samples[n] - start_samples[n]
            rate = delivered / elapsed
            per_cpu = delivered / cpu[n] if cpu[n] > 0 else float("inf")
            rows[n] = (rate, per_cpu, rss_end[n])
            print(f"{n:<24}{rate:>12.0f}{cpu[n]:>9.1f}{per_cpu:>15.0f}{rss_end[n] / 1e6:>9.1f}{rss_peak[n] / 1e6:>9.1f}{rss_end[n] / SERIES:>10.0f}")
        d = rows["dualhub edge"]
        for other in ("vmagent 1.79", "prometheus 2.42 agent"):
            o = rows[other]
            print(f"dualhub / {other}: samples per CPU-second x{d[1] / o[1]:.2f}, RSS x{d[2] / o[2]:.2f}")
        print("series seen at the receiver at warm-up end:", {n: int(v) for n, v in start_count.items()})
    finally:
        for _, p in procs:
            p.terminate()
        for _, p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


main()
