"""CentralHub's console page under load: see bench/console.sh."""
import http.server
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERIES = int(os.environ.get("SERIES", "10000"))
RUNS = int(os.environ.get("RUNS", "50"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def agent_server(name, index):
    """A stand-in agent /health (the JSON shape of docs/client.md), so the page probes three agents."""
    body = json.dumps({
        "status": "healthy", "agent": name, "node": "pc2",
        "active_hub": {"name": "edge", "url": "http://127.0.0.1:9100/", "index": 0},
        "hubs": [{"name": "edge", "url": "http://127.0.0.1:9100/", "state": "healthy", "active": True, "consecutive_failures": 0, "last_error": None},
                 {"name": "central", "url": "http://127.0.0.1:9000/", "state": "healthy", "active": False, "consecutive_failures": 0, "last_error": None}],
        "last_push": {"sequence": 1000 + index, "hub": "edge"}, "sequence": 1000 + index,
        "spool": {"batches": 0, "bytes": 0, "dropped": 0}, "pushes_accepted": 1000, "failovers": 1, "failbacks": 1}).encode()

    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def get(url, gzip=False):
    t0 = time.perf_counter()
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip else {})
    with urllib.request.urlopen(req) as r:
        r.read(1)
        ttfb = time.perf_counter() - t0
        rest = r.read()
    return ttfb, 1 + len(rest)


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None
    cmd = [exe] if exe else ["dotnet", os.path.join(ROOT, "artifacts/bin/DualHub.Cli/release/dualhub.dll")]
    agents = [agent_server(n, i) for i, n in enumerate(["resource-manager", "unified-utils", "observability-hub"])]
    port = free_port()
    tmp = tempfile.mkdtemp()
    parts = [f'    - {{ machine: pc2, kind: agent, name: {n}, url: "http://127.0.0.1:{a.server_address[1]}" }}'
             for a, n in zip(agents, ["resource-manager", "unified-utils", "observability-hub"])]
    parts.append(f'    - {{ machine: mainpc, kind: hub, name: central-hub, url: "http://127.0.0.1:{port}" }}')
    cfg = os.path.join(tmp, "central.yml")
    with open(cfg, "w") as f:
        f.write("role: central\nconsole:\n  deployment:\n" + "\n".join(parts) + "\n")
    hub = subprocess.Popen(cmd + ["hub", "--config", cfg, "--listen", f"127.0.0.1:{port}", "--data", os.path.join(tmp, "data")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/-/ready").read()
                break
            except OSError:
                time.sleep(0.1)
        # SERIES series in three groups (one per agent), each family with 100 series.
        per = SERIES // 3
        for i, n in enumerate(["resource_manager", "unified_utils", "observability_hub"]):
            lines = "".join(f'bench_metric_{k // 100}{{i="{k}"}} {k}\n' for k in range(per))
            req = urllib.request.Request(f"{base}/metrics/job/{n}/instance/pc2", data=lines.encode(), method="PUT")
            urllib.request.urlopen(req).read()
        get(base + "/")  # warm-up (JIT, first probe)
        ttfbs, size = [], 0
        for _ in range(RUNS):
            t, gz = get(base + "/", gzip=True)
            ttfbs.append(t * 1000)
            time.sleep(2.1)  # past the 2 s probe cache, so every request probes the three agents again
        assets = ["/console/assets/console.js", "/console/assets/console.css", "/console/assets/uPlot.iife.min.js", "/console/assets/uPlot.min.css"]
        size = get(base + "/")[1]
        weight = gz + sum(get(base + a)[1] for a in assets)
        series = json.load(urllib.request.urlopen(base + "/health"))["series"]
        print(f"series on the hub: {series}, agents probed: 3, runs: {RUNS}")
        print(f"deployment page TTFB (server time on loopback): median {statistics.median(ttfbs):.1f} ms, p90 {sorted(ttfbs)[int(RUNS * 0.9) - 1]:.1f} ms, max {max(ttfbs):.1f} ms")
        print(f"page HTML {size / 1024:.1f} KiB, {gz / 1024:.1f} KiB gzipped (as a browser gets it); with console.js, console.css and uPlot: {weight / 1024:.1f} KiB transferred")
    finally:
        hub.terminate()
        hub.wait()
        for a in agents:
            a.shutdown()


if __name__ == "__main__":
    main()
