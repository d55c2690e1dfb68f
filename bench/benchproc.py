"""Process helpers shared by the side-by-side scripts in bench/: free ports, readiness, CPU-seconds and RSS from /proc."""
import os, socket, subprocess, time, urllib.request

TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def _tail(log):
    """The end of a process's log file, for the message of a process that did not come up."""
    if not log or not os.path.exists(log):
        return ""
    with open(log, errors="replace") as f:
        return ": " + f.read()[-3000:]


def wait_http(url, timeout=60, proc=None, log=None):
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"{url}: process exited with {proc.returncode}{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 300:
                    return
        except Exception:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up{_tail(log)}")


def cpu_seconds(pid):
    """utime + stime of one process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def dualhub_argv(path):
    """The command that runs dualhub: the native binary itself, or `dotnet dualhub.dll` for the JIT build."""
    path = os.path.abspath(path)
    return ["dotnet", path] if path.endswith(".dll") else [path]


def bench_exposition(series):
    """The benchmark target's body: SERIES gauges with an id and one of 100 groups (about 6 MB for 100k)."""
    return "".join(f'bench_series{{id="{i}",group="g{i % 100}"}} {i % 1000}\n' for i in range(series)).encode()


def serve_static(body):
    """Serves BODY as a text exposition on a free loopback port from a thread; returns the port."""
    import http.server, threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return port


def stop_all(procs):
    """Terminates the processes in reverse start order, killing any that does not exit within 30 s."""
    for proc in reversed(list(procs)):
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
