#!/usr/bin/python3
"""Slow clients against one hub (issue 13, item 6): COUNT connections of one kind are opened and held, then a normal
push is timed, then the time until the hub has closed every one of them (none ESTABLISHED on its port in
/proc/net/tcp) is measured.

Kinds: slowloris (request headers trickled, one line a second), nonread-close (GET /metrics of SERIES series with
Connection: close, never read, 4 KiB receive buffer), nonread-keepalive (the same, kept alive).

  bench/slow-clients.py artifacts/bin/DualHub.Cli/release/dualhub.dll [--count 100] [--series 3000] KIND...
"""
import argparse, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchproc


def established(port):
    suffix = ":%04X" % port
    with open("/proc/net/tcp") as f:
        return sum(1 for l in f.readlines()[1:] if l.split()[1].endswith(suffix) and l.split()[3] == "01")


def run(dualhub, kind, count, series):
    work = tempfile.mkdtemp(prefix="slow-clients-")
    port = benchproc.free_port()
    url = f"http://127.0.0.1:{port}"
    log = os.path.join(work, "hub.log")
    hub = subprocess.Popen(benchproc.dualhub_argv(dualhub) + ["hub", "--listen", f"127.0.0.1:{port}", "--data", os.path.join(work, "data")],
                           stdout=open(log, "w"), stderr=subprocess.STDOUT)
    socks = []
    try:
        benchproc.wait_http(url + "/-/ready", proc=hub, log=log)
        body = "# TYPE filler gauge\n" + "".join(f'filler{{i="{i}",pad="{"x" * 32}"}} {i}\n' for i in range(series))
        urllib.request.urlopen(urllib.request.Request(url + "/metrics/job/filler", data=body.encode(), method="PUT")).read()
        for _ in range(count):
            s = socket.socket()
            if kind.startswith("nonread"):
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.connect(("127.0.0.1", port))
            if kind == "slowloris":
                s.sendall(b"PUT /metrics/job/slow HTTP/1.1\r\nHost: a\r\n")
            else:
                s.sendall(b"GET /metrics HTTP/1.1\r\nHost: a\r\n" + (b"Connection: close\r\n" if kind == "nonread-close" else b"") + b"\r\n")
            socks.append(s)
        held = established(port)
        t = time.time()
        urllib.request.urlopen(urllib.request.Request(url + "/metrics/job/probe", data=b"probe 1\n", method="PUT"), timeout=60).read()
        push_ms = (time.time() - t) * 1000
        t = time.time()
        while established(port) > 0 and time.time() - t < 300:
            if kind == "slowloris":
                for s in socks:
                    try:
                        s.send(b"X-Slow: 1\r\n")
                    except OSError:
                        pass
            time.sleep(1)
        print(f"{kind}: {held} held, normal push answered in {push_ms:.0f} ms, all closed by the hub after {time.time() - t:.0f} s ({established(port)} left)")
    finally:
        for s in socks:
            s.close()
        hub.terminate()
        hub.wait()
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dualhub")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--series", type=int, default=3000)
    ap.add_argument("kinds", nargs="+", choices=["slowloris", "nonread-close", "nonread-keepalive"])
    a = ap.parse_args()
    for kind in a.kinds:
        run(a.dualhub, kind, a.count, a.series)


if __name__ == "__main__":
    main()
