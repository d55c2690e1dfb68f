"""CPU and RSS of a running `dualhub up` (or `soak`), process by process: every descendant of its pid, over a window.

Usage: /usr/bin/python3 bench/up-usage.py PID [SECONDS]     (PID: the `dualhub up` process; default 60 s)

Prints each process (program and its role from the command line), its CPU as % of one core over the window and its
RSS at the end, the whole deployment's totals, and the part the store and alerting add (victoria-metrics, vmalert,
prometheus-alertmanager): the deployment's cost before it had them is the total without that part.
"""
import os, sys, time

from benchproc import cpu_seconds, rss_bytes

ADDED = ("victoria-metrics", "vmalert", "prometheus-alertmanager")


def children():
    tree = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        tree.setdefault(ppid, []).append(int(pid))
    return tree


def descendants(root):
    tree, out, todo = children(), [], [root]
    while todo:
        pid = todo.pop()
        for c in tree.get(pid, []):
            out.append(c)
            todo.append(c)
    return out


def describe(pid):
    with open(f"/proc/{pid}/cmdline") as f:
        argv = [a for a in f.read().split("\0") if a]
    prog = os.path.basename(argv[0])
    if prog == "dualhub":
        if argv[1] == "hub":
            conf = next((a for a in argv if a.endswith((".yml", ".yaml"))), "")
            return "dualhub hub " + os.path.basename(os.path.dirname(conf))
        return "dualhub " + " ".join(argv[1:3])
    if prog == "nats-server":
        return "nats-server " + os.path.basename(argv[-1]).replace(".conf", "")
    return prog


def main():
    root, seconds = int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 60
    pids = [root] + [p for p in descendants(root) if os.path.basename(open(f"/proc/{p}/cmdline").read().split("\0")[0]) != "timeout"]
    start = {p: cpu_seconds(p) for p in pids}
    t0 = time.time()
    time.sleep(seconds)  # the measurement window
    elapsed = time.time() - t0
    rows, total_cpu, total_rss, added_cpu, added_rss = [], 0.0, 0, 0.0, 0
    for p in pids:
        try:
            cpu = (cpu_seconds(p) - start[p]) / elapsed * 100
            rss, name = rss_bytes(p), describe(p)
        except OSError:
            continue  # restarted during the window
        if p == root:
            name += " (the supervisor: up or soak)"
        rows.append((name, cpu, rss))
        total_cpu += cpu
        total_rss += rss
        if name.startswith(ADDED):
            added_cpu += cpu
            added_rss += rss
    print(f"{len(rows)} processes over {elapsed:.0f} s")
    for name, cpu, rss in sorted(rows):
        print(f"  {name:<45} cpu {cpu:6.2f} % of a core   rss {rss / 2**20:7.1f} MiB")
    print(f"whole deployment: cpu {total_cpu:.2f} % of a core, rss {total_rss / 2**20:.0f} MiB")
    print(f"store and alerting (victoria-metrics, vmalert, alertmanager): cpu {added_cpu:.2f} %, rss {added_rss / 2**20:.0f} MiB")
    print(f"without them (the deployment before the store): cpu {total_cpu - added_cpu:.2f} %, rss {(total_rss - added_rss) / 2**20:.0f} MiB")


main()
