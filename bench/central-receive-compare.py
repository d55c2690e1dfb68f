"""Side-by-side remote-write receive: DualHub central hub vs Prometheus 2.42 (--web.enable-remote-write-receiver).

The same pre-encoded load (SERIES series, one sample each per round, BATCH series per request, CONCURRENCY senders,
each sender owning a fixed set of series so every series stays in timestamp order) goes into each receiver in turn
(one at a time, so they never share the two cores). One warm-up round creates the series; ROUNDS further rounds are
measured. Prints samples/s accepted, CPU-seconds of the receiver, samples per CPU-second, RSS and the ratios, then
checks that every sample arrived by asking each receiver. Run through bench/central-receive-compare.sh.
"""
import json, os, shutil, subprocess, sys, tempfile, time, urllib.parse, urllib.request

from benchproc import cpu_seconds, dualhub_argv, free_port, rss_bytes, wait_http

DUALHUB_DLL, SENDER_DLL = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SERIES = int(os.environ.get("SERIES", "100000"))
ROUNDS = int(os.environ.get("ROUNDS", "10"))
BATCH = int(os.environ.get("BATCH", "2000"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "4"))
STEP_MS = 15000


def get_json(url):
    with urllib.request.urlopen(url, timeout=120) as r:
        return json.load(r)


def send(url, first_round, rounds, start_ms, pid):
    """Runs the sender; returns its JSON result and the receiver's CPU-seconds and peak RSS while it sent."""
    p = subprocess.Popen(["dotnet", SENDER_DLL, "rw-send", url, str(SERIES), str(first_round), str(rounds), str(BATCH),
                          str(CONCURRENCY), str(start_ms), str(STEP_MS)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, "DOTNET_gcServer": "0"})
    if p.stdout.readline().strip() != "ready":
        raise SystemExit("sender failed to start")
    cpu0 = cpu_seconds(pid)
    p.stdin.write("go\n")
    p.stdin.flush()
    peak = 0
    line = None
    while line is None:
        # The sender answers when done; meanwhile sample the receiver's RSS.
        peak = max(peak, rss_bytes(pid))
        line = p.stdout.readline()
    cpu = cpu_seconds(pid) - cpu0
    p.wait()
    return json.loads(line), cpu, max(peak, rss_bytes(pid))


def settle_cpu(pid, quiet=0.05, timeout=60):
    """Waits until the receiver is idle (background work after the last 2xx counts for it too)."""
    end = time.time() + timeout
    last = cpu_seconds(pid)
    while time.time() < end:
        time.sleep(1)
        now = cpu_seconds(pid)
        if now - last < quiet:
            return
        last = now


def run(name, argv, ready_url, write_url, verify, work, env=None):
    log = open(f"{work}/output.log", "w")
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work)
    try:
        try:
            wait_http(ready_url, proc=proc)
        except SystemExit:
            with open(f"{work}/output.log") as f:
                print(f.read()[-3000:], file=sys.stderr)
            raise
        start_ms = int(time.time() * 1000) - (ROUNDS + 2) * STEP_MS
        warm, _, _ = send(write_url, 0, 1, start_ms, proc.pid)
        settle_cpu(proc.pid)
        cpu_before = cpu_seconds(proc.pid)
        result, _, peak = send(write_url, 1, ROUNDS, start_ms, proc.pid)
        # CPU after the last 2xx (a commit or WAL flush finishing) belongs to the run as well.
        settle_cpu(proc.pid)
        cpu = cpu_seconds(proc.pid) - cpu_before
        rss = rss_bytes(proc.pid)
        arrived = verify()
        return {"name": name, "warm": warm, "result": result, "cpu": cpu, "rss": rss, "peak": peak, "arrived": arrived}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def count_samples(url):
    q = urllib.parse.urlencode({"query": "sum(count_over_time(bench_rw[1h]))"})
    res = get_json(f"{url}/api/v1/query?{q}")["data"]["result"]
    s = urllib.parse.urlencode({"query": "count(bench_rw)"})
    series = get_json(f"{url}/api/v1/query?{s}")["data"]["result"]
    return {"samples": int(float(res[0]["value"][1])) if res else 0, "series": int(float(series[0]["value"][1])) if series else 0}


def count_samples_settled(url, total, timeout=30):
    # VictoriaMetrics makes what it acknowledged searchable within about a second: ask until the count stops short.
    deadline = time.time() + timeout
    while True:
        got = count_samples(url)
        if got["samples"] >= total or time.time() > deadline:
            return got
        time.sleep(0.5)


def main():
    work = tempfile.mkdtemp(prefix="central-receive-bench-")
    try:
        rows = []
        total = SERIES * (ROUNDS + 1)

        dport = free_port()
        durl = f"http://127.0.0.1:{dport}"

        def verify_dualhub():
            # Every sample journaled once: the central ingest counters (nothing dropped), and the view holds every series.
            ingest = get_json(durl + "/health")["sample_journal"]["central_ingest"]["http"]
            view = get_json(durl + "/health")["sample_journal"]["central_series"]
            return {"journaled": ingest["journaled"], "dropped": ingest["duplicates"] + ingest["out_of_order"], "series": view}

        os.makedirs(f"{work}/dualhub")
        rows.append(run("dualhub central", [*dualhub_argv(DUALHUB_DLL), "hub", "--role", "central", "--listen", f"127.0.0.1:{dport}",
                                            "--data", f"{work}/dualhub/data"],
                        durl + "/-/ready", durl + "/api/v1/write", verify_dualhub, f"{work}/dualhub",
                        env={**os.environ, "DOTNET_gcServer": "0"}))

        pport = free_port()
        purl = f"http://127.0.0.1:{pport}"

        def verify_prometheus():
            return count_samples(purl)

        os.makedirs(f"{work}/prom")
        with open(f"{work}/prom/prometheus.yml", "w") as f:
            f.write("global:\n  scrape_interval: 1m\n")
        rows.append(run("prometheus 2.42", ["/usr/bin/prometheus", f"--config.file={work}/prom/prometheus.yml",
                                            f"--storage.tsdb.path={work}/prom/data", f"--web.listen-address=127.0.0.1:{pport}",
                                            "--web.enable-remote-write-receiver"],
                        purl + "/-/ready", purl + "/api/v1/write", verify_prometheus, f"{work}/prom"))

        vport = free_port()
        vurl = f"http://127.0.0.1:{vport}"
        os.makedirs(f"{work}/vm")
        # The single node as `dualhub up` runs it as CentralHub's store (docs/store.md), without the dedup flag.
        rows.append(run("victoria-metrics", ["/usr/bin/victoria-metrics", f"-storageDataPath={work}/vm/data", f"-httpListenAddr=127.0.0.1:{vport}",
                                              "-search.latencyOffset=1s", "-retentionPeriod=30d"],
                        vurl + "/health", vurl + "/api/v1/write", lambda: count_samples_settled(vurl, total), f"{work}/vm"))

        print(f"\nCentral remote-write receive: {SERIES} series x {ROUNDS} rounds after 1 warm-up round, {BATCH} samples per request, "
              f"{CONCURRENCY} concurrent senders, snappy protobuf pre-encoded, loopback")
        print(f"{'receiver':<18}{'samples':>10}{'seconds':>9}{'samples/s':>11}{'CPU s':>8}{'samples/CPU-s':>15}{'RSS MB':>8}{'peak MB':>9}{'non-2xx':>9}{'sender CPU s':>14}")
        for r in rows:
            res = r["result"]
            rate = res["samples"] / res["seconds"]
            per_cpu = res["samples"] / r["cpu"] if r["cpu"] > 0 else float("inf")
            r["rate"], r["per_cpu"] = rate, per_cpu
            print(f"{r['name']:<18}{res['samples']:>10}{res['seconds']:>9.2f}{rate:>11.0f}{r['cpu']:>8.2f}{per_cpu:>15.0f}"
                  f"{r['rss'] / 1e6:>8.1f}{r['peak'] / 1e6:>9.1f}{res['failed']:>9}{res['sender_cpu_seconds']:>14.2f}")
        d, p, v = rows
        for other, label in ((p, "prometheus"), (v, "victoria-metrics")):
            print(f"dualhub / {label}: samples/s x{d['rate'] / other['rate']:.2f}, samples per CPU-second x{d['per_cpu'] / other['per_cpu']:.2f}, "
                  f"RSS x{d['rss'] / other['rss']:.2f}")
        print(f"arrived (of {total} samples, {SERIES} series, warm-up included): dualhub {d['arrived']}, prometheus {p['arrived']}, victoria-metrics {v['arrived']}")
        ok = (d["arrived"]["journaled"] == total and d["arrived"]["dropped"] == 0 and d["arrived"]["series"] == SERIES
              and all(r["arrived"]["samples"] == total and r["arrived"]["series"] == SERIES for r in (p, v))
              and all(r["result"]["failed"] == 0 and r["warm"]["failed"] == 0 for r in rows))
        print("every sample arrived at all three:", "yes" if ok else "NO")
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


sys.exit(main())
