#!/usr/bin/python3
"""Memory under 100 concurrent maximal pushes (issue 13, item 6).

Starts one hub (pushgateway role) whose limits.max_body_bytes is the body size, then sends PUSHES pushes of exactly
that many bytes at once (one thread and connection each, all to one group, so the store holds one body's series and
what is measured is the memory of pushes in flight). Prints each status with its count, the slowest answer, and the
hub's resident memory before and at its peak (VmHWM).

  bench/push-flood-rss.py artifacts/bin/DualHub.Cli/release/dualhub.dll [--pushes 100] [--body-mib 64] [--in-flight-mib N]
"""
import argparse, collections, http.client, os, shutil, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchproc


def body_of(size):
    lines = [b"# TYPE flood_series gauge\n"]
    total = len(lines[0])
    i = 0
    while True:
        line = b'flood_series{id="%d",pad="%s"} 1\n' % (i, b"x" * 100)
        if total + len(line) > size - 2:
            break
        lines.append(line)
        total += len(line)
        i += 1
    lines.append(b"#" * (size - total - 1) + b"\n")
    return b"".join(lines), i


def vm(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0


def push(port, body, results, i):
    start = time.time()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    status = "error"
    try:
        conn.putrequest("PUT", "/metrics/job/flood")
        conn.putheader("Content-Type", "text/plain")
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        try:
            conn.send(body)
        except OSError:
            pass  # answered (503) before the whole body was read: the answer is still in the socket
        r = conn.getresponse()
        status = r.status
        r.read()
    except Exception as e:
        status = type(e).__name__
    finally:
        conn.close()
    results[i] = (status, time.time() - start)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dualhub")
    ap.add_argument("--pushes", type=int, default=100)
    ap.add_argument("--body-mib", type=int, default=64)
    ap.add_argument("--in-flight-mib", type=int, default=0, help="limits.max_push_bytes_in_flight (0: the default)")
    a = ap.parse_args()
    size = a.body_mib << 20
    body, series = body_of(size)
    work = tempfile.mkdtemp(prefix="push-flood-")
    config = os.path.join(work, "hub.yml")
    with open(config, "w") as f:
        f.write(f"limits:\n  max_body_bytes: {size}\n")
        if a.in_flight_mib:
            f.write(f"  max_push_bytes_in_flight: {a.in_flight_mib << 20}\n")
    port = benchproc.free_port()
    log = os.path.join(work, "hub.log")
    hub = subprocess.Popen(benchproc.dualhub_argv(a.dualhub) + ["hub", "--listen", f"127.0.0.1:{port}", "--data", os.path.join(work, "data"), "--config", config],
                           stdout=open(log, "w"), stderr=subprocess.STDOUT)
    try:
        benchproc.wait_http(f"http://127.0.0.1:{port}/-/ready", proc=hub, log=log)
        before = vm(hub.pid, "VmRSS")
        results = [None] * a.pushes
        threads = [threading.Thread(target=push, args=(port, body, results, i)) for i in range(a.pushes)]
        t0 = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.time() - t0
        peak = vm(hub.pid, "VmHWM")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/-/healthy")
        healthy = conn.getresponse().status
        counts = collections.Counter(r[0] for r in results)
        print(f"{a.pushes} concurrent pushes of {size} bytes ({series} series), in flight limit {a.in_flight_mib or 'default'} MiB")
        print("answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: str(kv[0]))))
        print(f"slowest answer {max(r[1] for r in results):.1f} s, all answered in {wall:.1f} s; /-/healthy {healthy}")
        print(f"hub RSS before {before / 2**20:.0f} MiB, peak {peak / 2**20:.0f} MiB")
    finally:
        hub.terminate()
        hub.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
