"""RSS of the DualHub edge alone (no vmagent/Prometheus), scraping edge-compare.py's target, forwarding to a null receiver.

Lighter than edge-compare.sh when only the edge's memory per series is wanted: one edge process, one Python target,
one Python receiver that answers 204 to every remote-write request. Prints RSS after each of SCRAPES scrapes and the
bytes per active series. Usage: python3 bench/edge-rss.py path/to/dualhub (the native binary, or dualhub.dll for the JIT build)   (env SERIES=100000 INTERVAL=10 SCRAPES=6)
"""
import http.server, json, os, shutil, subprocess, sys, tempfile, threading, time, urllib.request

from benchproc import bench_exposition, dualhub_argv, free_port, rss_bytes, serve_static, wait_http

DLL = sys.argv[1]
SERIES = int(os.environ.get("SERIES", "100000"))
INTERVAL = int(os.environ.get("INTERVAL", "10"))
SCRAPES = int(os.environ.get("SCRAPES", "6"))


def rss_parts(pid):
    """RssAnon and RssFile of a process, in MB (file-backed pages: mapped runtime files, SQLite's mmap)."""
    parts = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("RssAnon:", "RssFile:")):
                parts[line.split(":")[0]] = int(line.split()[1]) / 1024
    return f"anon {parts.get('RssAnon', 0):6.1f} MB, file {parts.get('RssFile', 0):6.1f} MB"


def serve(handler):
    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return port


def main():
    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *a):
            pass

    target = f"127.0.0.1:{serve_static(bench_exposition(SERIES))}"
    write = f"http://127.0.0.1:{serve(Receiver)}/api/v1/write"
    work = tempfile.mkdtemp(prefix="edge-rss-")
    proc = None
    try:
        with open(f"{work}/dualhub.yml", "w") as f:
            f.write(f"global:\n  scrape_interval: {INTERVAL}s\n  scrape_timeout: {max(1, INTERVAL - 1)}s\n"
                    f"  external_labels:\n    agent: dualhub\n"
                    f"scrape_configs:\n  - job_name: bench\n    static_configs:\n      - targets: ['{target}']\n"
                    f"remote_write:\n  - url: {write}\n    queue_config:\n      max_samples_per_send: 2000\n")
        port = free_port()
        proc = subprocess.Popen([*dualhub_argv(DLL), "hub", "--role", "edge", "--config", f"{work}/dualhub.yml", "--listen",
                                 f"127.0.0.1:{port}", "--data", f"{work}/data"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "DOTNET_gcServer": "0"})
        wait_http(f"http://127.0.0.1:{port}/health", proc=proc)
        for i in range(SCRAPES):
            time.sleep(INTERVAL)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as r:
                health = json.load(r)
            print(f"after {(i + 1) * INTERVAL:>4} s: RSS {rss_bytes(proc.pid) / 1e6:7.1f} MB ({rss_parts(proc.pid)}; "
                  f"GC heap {health['gc_heap_bytes'] / 1e6:5.1f} MB, committed {health['gc_committed_bytes'] / 1e6:5.1f} MB)", flush=True)
        rss = rss_bytes(proc.pid)
        print(f"{SERIES} series: RSS {rss / 1e6:.1f} MB, {rss / SERIES:.0f} bytes per active series")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)


main()
