#!/usr/bin/env python3
"""Side-by-side: prometheus-pushgateway 1.5.1 vs DualHub (pushgateway role).

Preloads N series (groups of 1000 series: 10 families x 100 series) into both, then per size measures
the p50 of a 1000-series PUT to another group, the time of a full /metrics scrape (median of 5, body
fully read) and the RSS of each process. Run through bench/pushgateway-compare.sh.
"""
import http.client, os, shutil, statistics, subprocess, sys, tempfile, time

from benchproc import dualhub_argv, free_port, rss_bytes

SIZES = [int(s) for s in os.environ.get("SIZES", "1000,10000,50000,100000,200000").split(",")]
PUTS = int(os.environ.get("PUTS", "40"))
SETTLE = float(os.environ.get("SETTLE", "6"))
DUALHUB_DLL = sys.argv[1]


def body(group, per_family=100, families=10, value=1):
    lines = []
    for f in range(families):
        lines.append(f"# TYPE bench_metric_{f} gauge")
        for i in range(per_family):
            lines.append(f'bench_metric_{f}{{series="{i}",path="/srv/app/{group}/{i}"}} {value + i}')
    return ("\n".join(lines) + "\n").encode()


def wait_ready(port, proc, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise SystemExit(f"process exited: {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2); c.request("GET", "/-/ready")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit("not ready")


def rss_mb(pid):
    return rss_bytes(pid) / 1048576


class Target:
    def __init__(self, name, port, proc):
        self.name, self.port, self.proc = name, port, proc
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def put(self, path, data):
        self.conn.request("PUT", path, body=data, headers={"Content-Type": "text/plain"})
        r = self.conn.getresponse(); r.read()
        if r.status not in (200, 202):
            raise SystemExit(f"{self.name}: PUT {path} -> {r.status}")

    def scrape(self):
        # curl, not http.client: Python's chunked decoding would dominate a 16 MB body.
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{time_total} %{size_download}",
                              f"http://127.0.0.1:{self.port}/metrics"], capture_output=True, text=True, check=True).stdout.split()
        return float(out[0]), int(out[1])


def main():
    tmp = tempfile.mkdtemp(prefix="pgcompare-")
    pg_port, dh_port = free_port(), free_port()
    pg = subprocess.Popen(["/usr/bin/prometheus-pushgateway", f"--web.listen-address=127.0.0.1:{pg_port}", "--persistence.file="],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dh = subprocess.Popen([*dualhub_argv(DUALHUB_DLL), "hub", "--listen", f"127.0.0.1:{dh_port}", "--data", os.path.join(tmp, "data")],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(pg_port, pg); wait_ready(dh_port, dh)
        targets = [Target("pushgateway", pg_port, pg), Target("dualhub", dh_port, dh)]
        loaded = 0
        rows = []
        put_body = body("put")
        # Steady state: let .NET tier its JIT code up before anything is timed (the Go binary needs no warm-up).
        for t in targets:
            for i in range(300):
                t.put("/metrics/job/warmup", body("warmup", value=i))
            for i in range(20):
                t.scrape()
            t.conn.request("DELETE", "/metrics/job/warmup"); t.conn.getresponse().read()
        for size in SIZES:
            while loaded < size:
                data = body(f"g{loaded // 1000}")
                for t in targets:
                    t.put(f"/metrics/job/bench/instance/g{loaded // 1000}", data)
                loaded += 1000
            row = {"size": size}
            for t in targets:
                for i in range(40):  # warm-up (JIT tiering), untimed
                    t.put("/metrics/job/bench_put/instance/p", put_body)
                lat = []
                for i in range(PUTS):
                    s = time.perf_counter(); t.put("/metrics/job/bench_put/instance/p", body("put", value=i)); lat.append(time.perf_counter() - s)
                t.scrape()  # first scrape after writes builds caches; measure steady state
                scrapes = [t.scrape() for _ in range(5)]
                row[t.name] = [statistics.median(lat) * 1000, statistics.median(x[0] for x in scrapes) * 1000,
                               scrapes[0][1] / 1e6, 0]
            time.sleep(SETTLE)  # RSS after the same idle time for both (Go scavenger, .NET idle heap trim)
            for t in targets:
                row[t.name][3] = rss_mb(t.proc.pid)
            rows.append(row)
            p, d = row["pushgateway"], row["dualhub"]
            print(f"{size:>7} series: PUT p50 {p[0]:8.1f} / {d[0]:6.2f} ms (x{p[0]/d[0]:.0f}), scrape {p[1]:7.1f} / {d[1]:6.1f} ms "
                  f"(x{p[1]/d[1]:.1f}, {d[2]:.1f} MB), RSS {p[3]:6.0f} / {d[3]:5.0f} MB", file=sys.stderr, flush=True)

        print("| stored series | PUT p50 pushgateway | PUT p50 DualHub | ratio | scrape pushgateway | scrape DualHub | ratio | scrape size | RSS pushgateway | RSS DualHub |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            p, d = r["pushgateway"], r["dualhub"]
            print(f"| {r['size']:,} | {p[0]:.1f} ms | {d[0]:.2f} ms | {p[0]/d[0]:.0f}x | {p[1]:.1f} ms | {d[1]:.1f} ms | {p[1]/d[1]:.1f}x "
                  f"| {d[2]:.1f} MB | {p[3]:.0f} MB | {d[3]:.0f} MB |")

        # Restart to ready with the largest store: SIGKILL (no clean shutdown) then start and poll /-/ready.
        dh.kill(); dh.wait()
        t0 = time.perf_counter()
        dh = subprocess.Popen([*dualhub_argv(DUALHUB_DLL), "hub", "--listen", f"127.0.0.1:{dh_port}", "--data", os.path.join(tmp, "data")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_ready(dh_port, dh)
        ready = time.perf_counter() - t0
        first_scrape = Target("dualhub", dh_port, dh).scrape()[0]
        c = http.client.HTTPConnection("127.0.0.1", dh_port); c.request("GET", "/health"); h = c.getresponse().read().decode()
        print(f"\nDualHub restart after kill -9 with {loaded:,} series stored: process start to /-/ready in {ready:.2f} s, "
              f"first scrape after it (builds the caches) {first_scrape * 1000:.0f} ms; /health: {h}")
    finally:
        for p in (pg, dh):
            p.kill(); p.wait()
        shutil.rmtree(tmp, ignore_errors=True)


main()
