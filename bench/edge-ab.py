"""A/B of two dualhub builds as edges, side by side in one run (see edge-ab.sh): CPU per delivered sample of each."""
import os, shutil, subprocess, sys, tempfile, time, json, urllib.parse, urllib.request
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchproc import bench_exposition, cpu_seconds, free_port, serve_static, wait_http
A, B = sys.argv[1], sys.argv[2]
SERIES = int(os.environ.get("SERIES", "100000"))
INTERVAL = int(os.environ.get("INTERVAL", "5"))
WARMUP = int(os.environ.get("WARMUP", "20"))
DURATION = int(os.environ.get("DURATION", "150"))
def query(vm, q):
    with urllib.request.urlopen(f"{vm}/api/v1/query?" + urllib.parse.urlencode({"query": q}), timeout=60) as r:
        res = json.load(r)["data"]["result"]
    return float(res[0]["value"][1]) if res else 0.0
work = tempfile.mkdtemp(prefix="ab-edge-")
procs = []
try:
    target = f"127.0.0.1:{serve_static(bench_exposition(SERIES))}"
    vport = free_port(); vm = f"http://127.0.0.1:{vport}"
    procs.append(subprocess.Popen(["/usr/bin/victoria-metrics", f"-httpListenAddr=127.0.0.1:{vport}", f"-storageDataPath={work}/vm", "-search.latencyOffset=1s", "-search.maxUniqueTimeseries=10000000"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    wait_http(vm + "/health")
    agents = {}
    for name, exe in (("a", A), ("b", B)):
        with open(f"{work}/{name}.yml", "w") as f:
            f.write(f"global:\n  scrape_interval: {INTERVAL}s\n  scrape_timeout: {INTERVAL-1}s\n  external_labels:\n    agent: {name}\n"
                    f"scrape_configs:\n  - job_name: bench\n    static_configs:\n      - targets: ['{target}']\n"
                    f"remote_write:\n  - url: {vm}/api/v1/write\n    queue_config:\n      max_samples_per_send: 2000\n")
        agents[name] = subprocess.Popen([exe, "hub", "--role", "edge", "--config", f"{work}/{name}.yml", "--listen", f"127.0.0.1:{free_port()}", "--data", f"{work}/{name}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "DOTNET_gcServer": "0"})
    procs += agents.values()
    time.sleep(WARMUP)
    c0 = {n: cpu_seconds(p.pid) for n, p in agents.items()}
    s0 = {n: query(vm, f'sum(count_over_time(bench_series{{agent="{n}"}}[1h]))') for n in agents}
    time.sleep(DURATION)
    c1 = {n: cpu_seconds(p.pid) for n, p in agents.items()}
    time.sleep(INTERVAL + 2)
    s1 = {n: query(vm, f'sum(count_over_time(bench_series{{agent="{n}"}}[1h]))') for n in agents}
    for n, exe in (("a", A), ("b", B)):
        cpu = c1[n] - c0[n]; d = s1[n] - s0[n]
        print(f"{n} {exe}: cpu {cpu:.2f} s, delivered {d:.0f}, samples/CPU-s {d/cpu:.0f}")
finally:
    for p in procs: p.terminate()
    for p in procs:
        try: p.wait(timeout=20)
        except subprocess.TimeoutExpired: p.kill()
    shutil.rmtree(work, ignore_errors=True)
