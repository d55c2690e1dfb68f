"""Query latency through CentralHub vs the same query straight to the store (VictoriaMetrics single node).

Loads SERIES series (ROUNDS samples each, STEP_MS apart, ending now) into a VictoriaMetrics single node with the
remote-write sender, starts a CentralHub whose `query.url` is that node, then asks both, alternating, REPEAT times:
an instant `sum by (job) (rate(bench_rw[5m]))`, the same with `timeout=2m` on both paths (what CentralHub adds),
and a 1 h `query_range` of it (step 60 s). `nocache=1` on every
request so each one is evaluated (VictoriaMetrics' rollup cache would otherwise answer repeats). Prints p50/p99 per
path and the CentralHub/direct ratios. Run through bench/query-proxy-compare.sh.
"""
import os, shutil, statistics, subprocess, sys, tempfile, time, urllib.parse, urllib.request

from benchproc import dualhub_argv, free_port, stop_all, wait_http

DUALHUB_DLL, SENDER_DLL = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SERIES = int(os.environ.get("SERIES", "100000"))
ROUNDS = int(os.environ.get("ROUNDS", "61"))
STEP_MS = int(os.environ.get("STEP_MS", "60000"))
REPEAT = int(os.environ.get("REPEAT", "50"))
EXPR = "sum by (job) (rate(bench_rw[5m]))"


def timed_get(url):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as r:
        body = r.read()
        if r.status != 200:
            raise SystemExit(f"{url}: HTTP {r.status}")
    return time.perf_counter() - start, len(body)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    work = tempfile.mkdtemp(prefix="query-proxy-bench-")
    procs = []
    try:
        vport, cport = free_port(), free_port()
        vurl, curl = f"http://127.0.0.1:{vport}", f"http://127.0.0.1:{cport}"
        vlog = open(f"{work}/vm.log", "w")
        procs.append(subprocess.Popen(["/usr/bin/victoria-metrics", f"-storageDataPath={work}/vm", f"-httpListenAddr=127.0.0.1:{vport}",
                                       "-search.latencyOffset=1s", "-retentionPeriod=30d"], stdout=vlog, stderr=subprocess.STDOUT))
        wait_http(vurl + "/health", proc=procs[0])
        start_ms = int(time.time() * 1000) - ROUNDS * STEP_MS
        load = time.time()
        p = subprocess.Popen(["dotnet", SENDER_DLL, "rw-send", vurl + "/api/v1/write", str(SERIES), "0", str(ROUNDS), "2000", "4",
                              str(start_ms), str(STEP_MS)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if p.stdout.readline().strip() != "ready":
            raise SystemExit("sender failed to start")
        p.stdin.write("go\n")
        p.stdin.flush()
        sent = p.stdout.readline().strip()
        p.wait()
        print(f"loaded {SERIES} series x {ROUNDS} samples ({STEP_MS // 1000} s apart) into the store in {time.time() - load:.1f} s: {sent}")
        with open(f"{work}/central.yml", "w") as f:
            f.write(f"query:\n  url: \"{vurl}\"\n")
        clog = open(f"{work}/central.log", "w")
        procs.append(subprocess.Popen([*dualhub_argv(DUALHUB_DLL), "hub", "--role", "central", "--config", f"{work}/central.yml",
                                       "--listen", f"127.0.0.1:{cport}", "--data", f"{work}/central"],
                                      stdout=clog, stderr=subprocess.STDOUT, env={**os.environ, "DOTNET_gcServer": "0"}))
        wait_http(curl + "/-/ready", proc=procs[1])
        end = int(time.time())
        queries = {
            "instant": "/api/v1/query?" + urllib.parse.urlencode({"query": EXPR, "time": end, "nocache": 1}),
            # CentralHub adds `timeout` (query.timeout) to what it forwards; asked of both paths, this row compares
            # the proxy like for like (VictoriaMetrics is slower on an instant query that carries it).
            "inst+tmo": "/api/v1/query?" + urllib.parse.urlencode({"query": EXPR, "time": end, "nocache": 1, "timeout": "2m"}),
            "range 1h": "/api/v1/query_range?" + urllib.parse.urlencode({"query": EXPR, "start": end - 3600, "end": end, "step": 60, "nocache": 1}),
        }
        print(f"\n{EXPR}, {REPEAT} requests per path, alternating; seconds")
        print(f"{'query':<10}{'path':<12}{'p50 ms':>9}{'p99 ms':>9}{'mean ms':>9}{'bytes':>9}")
        ok = True
        for name, path in queries.items():
            timed_get(vurl + path)  # warm both paths once
            timed_get(curl + path)
            direct, proxied, size = [], [], 0
            for _ in range(REPEAT):
                t, size = timed_get(vurl + path)
                direct.append(t)
                t, _ = timed_get(curl + path)
                proxied.append(t)
            for label, values in (("store", direct), ("centralhub", proxied)):
                print(f"{name:<10}{label:<12}{pct(values, 50) * 1000:>9.1f}{pct(values, 99) * 1000:>9.1f}{statistics.mean(values) * 1000:>9.1f}{size:>9}")
            r50, r99 = pct(proxied, 50) / pct(direct, 50), pct(proxied, 99) / pct(direct, 99)
            ok &= r50 <= 1.10 and r99 <= 1.10
            print(f"{name:<10}{'ratio':<12}{r50:>9.2f}{r99:>9.2f}   (target <= 1.10)")
        return 0 if ok else 1
    finally:
        stop_all(procs)
        shutil.rmtree(work, ignore_errors=True)


sys.exit(main())
