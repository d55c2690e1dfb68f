"""Process helpers shared by the side-by-side scripts in bench/: free ports, readiness, CPU-seconds and RSS from /proc."""
import os, socket, time, urllib.request

TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_http(url, timeout=60, proc=None):
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"{url}: process exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 300:
                    return
        except Exception:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


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
