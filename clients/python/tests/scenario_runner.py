"""Runs one scenario of tests/scenarios/*.yaml (format: tests/scenarios/README.md) against real processes: `dualhub hub
--role edge` hubs (each one's sample journal is the record of every push it accepted, in order), the real
prometheus-pushgateway for the extra copy, and the agent as its own process. The C# runner of the same files is
tests/DualHub.IntegrationTests/Scenarios/ScenarioRunner.cs; both observe only from outside: the hubs' journals, the
agent's /health and its spool directory."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import struct
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

from benchproc import _tail, free_port, wait_http

PUSHGATEWAY = "/usr/bin/prometheus-pushgateway"
AGENT_NAME, AGENT_NODE = "scenario_agent", "scenario"
HEALTH_KEYS = ["status", "agent", "node", "active_hub", "hubs", "last_push", "sequence", "spool", "pushes_accepted",
               "push_attempts_failed", "failovers", "failbacks", "uptime_seconds", "time"]
HUB_KEYS = ["name", "url", "state", "active", "consecutive_failures", "last_success", "last_failure", "last_error", "next_probe"]


def dualhub_command(repo_root: str):
    """The dualhub under test: $DUALHUB_EXE (./test.sh sets the native binary), else the JIT build; None if neither."""
    exe = os.environ.get("DUALHUB_EXE")
    if exe:
        return [exe]
    dll = os.path.join(repo_root, "artifacts", "bin", "DualHub.Cli", "release", "dualhub.dll")
    return ["dotnet", dll] if os.path.exists(dll) else None


def _varint(b: bytes, i: int):
    v = shift = 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << shift
        if c < 0x80:
            return v, i
        shift += 7


def _fields(b: bytes):
    """(field number, wire type, value) of one protobuf message; LEN values as bytes."""
    i = 0
    while i < len(b):
        key, i = _varint(b, i)
        wt = key & 7
        if wt == 0:
            v, i = _varint(b, i)
        elif wt == 1:
            v, i = b[i:i + 8], i + 8
        elif wt == 2:
            n, i = _varint(b, i)
            v, i = b[i:i + n], i + n
        elif wt == 5:
            v, i = b[i:i + 4], i + 4
        else:
            raise ValueError(f"wire type {wt}")
        yield key >> 3, wt, v


def push_sequences(write_request: bytes, job: str):
    """(value, timestamp ms) of every dualhub_push_sequence sample of ``job`` in an uncompressed WriteRequest."""
    out = []
    for f, _, series in _fields(write_request):
        if f != 1:
            continue
        labels, samples = {}, []
        for g, _, v in _fields(series):
            if g == 1:
                pair = {h: x.decode() for h, _, x in _fields(v)}
                labels[pair.get(1, "")] = pair.get(2, "")
            elif g == 2:
                s = {h: x for h, _, x in _fields(v)}
                samples.append((struct.unpack("<d", s[1])[0] if 1 in s else 0.0, s.get(2, 0)))
        if labels.get("__name__") == "dualhub_push_sequence" and labels.get("job") == job:
            out.extend(samples)
    return out


class Hub:
    """A `dualhub hub --role edge` process on a fixed port and data directory (kept across restarts)."""

    def __init__(self, name: str, command, root: str):
        self.name, self.command = name, command
        self.port = free_port()
        self.dir = os.path.join(root, name)
        os.makedirs(self.dir)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.stopped = False
        self.cursor = 0
        self.records = []  # (sequence, accepted at ms) in journal order

    def start(self) -> None:
        log = open(os.path.join(self.dir, "log"), "ab")
        self.proc = subprocess.Popen(self.command + ["hub", "--role", "edge", "--listen", f"127.0.0.1:{self.port}", "--data", os.path.join(self.dir, "data")],
                                     stdout=log, stderr=subprocess.STDOUT, cwd=self.dir)
        log.close()
        wait_http(self.url + "/-/ready", 60, self.proc, os.path.join(self.dir, "log"))
        # One push of another job first: a JIT-compiled hub's first PUT is slow, and that is not what a scenario measures.
        body = b"# TYPE scenario_warmup gauge\nscenario_warmup 1\n"
        request = urllib.request.Request(self.url + "/metrics/job/scenario_warmup", data=body, method="PUT")
        with urllib.request.urlopen(request, timeout=30):
            pass

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)
        if sig == signal.SIGKILL:
            self.proc.wait()
        self.stopped = sig == signal.SIGSTOP

    def read_journal(self) -> None:
        path = os.path.join(self.dir, "data", "samples.db")
        if not os.path.exists(path):
            return
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            rows = db.execute("SELECT seq, data, appended_ms FROM batches WHERE seq > ? ORDER BY seq", (self.cursor,)).fetchall()
        except sqlite3.OperationalError:
            return  # the hub has not created its tables yet
        finally:
            db.close()
        for seq, data, appended_ms in rows:
            self.cursor = seq
            # when this hub accepted the batch (the sample itself carries the agent's batch time)
            self.records.extend((int(v), appended_ms) for v, _ in push_sequences(data, AGENT_NAME))

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait()


def get_json(url: str, timeout: float = 2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        return json.load(e) if e.code == 503 else None
    except (OSError, ValueError, urllib.error.URLError):
        return None


class ScenarioRunner:
    """One scenario: ``run()`` does the steps and checks ``expect``; ``timings`` holds the measured ones (ms)."""

    def __init__(self, scenario: dict, agent_command, dualhub, log=print):
        self.s = scenario
        self.agent_command = agent_command  # list, the config path is appended
        self.dualhub = dualhub
        self.log = log
        self.root = tempfile.mkdtemp(prefix="dualhub-scenario-")
        self.hubs = {n: Hub(n, dualhub, self.root) for n in scenario["hubs"]}
        self.order = list(scenario["hubs"])
        self.pushgateway = None
        self.agent = None
        self.agent_log = os.path.join(self.root, "agent.log")
        self.spool = os.path.join(self.root, "spool")
        self.health_url = None
        self.mark = time.time()
        self.exempt, self.spooled = set(), set()
        self.timings = {}

    # --- processes ---------------------------------------------------------------------------------------------

    def setup(self) -> None:
        for h in self.hubs.values():
            h.start()
        config = {"agent": {"name": AGENT_NAME, "node": AGENT_NODE},
                  "hub_endpoints": {n: self.hubs[n].url for n in self.order}}
        if self.s.get("pushgateway"):
            port = free_port()
            self.pushgateway = (subprocess.Popen([PUSHGATEWAY, f"--web.listen-address=127.0.0.1:{port}", "--persistence.file="],
                                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), f"http://127.0.0.1:{port}")
            wait_http(self.pushgateway[1] + "/-/ready", 30, self.pushgateway[0])
            config["hub_endpoints"]["pushgateway"] = self.pushgateway[1]
        port = free_port()
        self.health_url = f"http://127.0.0.1:{port}/health"
        config.update(spool={"path": self.spool}, health_port=port)
        for key, value in (self.s.get("agent") or {}).items():
            config[key] = {**config[key], **value} if isinstance(value, dict) and isinstance(config.get(key), dict) else value
        self.config = os.path.join(self.root, "agent.yaml")
        with open(self.config, "w") as f:
            json.dump(config, f, indent=1)  # JSON is YAML: both clients read it

    def close(self) -> None:
        if self.agent is not None and self.agent.poll() is None:
            self.agent.kill()
            self.agent.wait()
        for h in self.hubs.values():
            h.close()
        if self.pushgateway is not None:
            self.pushgateway[0].kill()
            self.pushgateway[0].wait()

    # --- steps -------------------------------------------------------------------------------------------------

    def run(self) -> None:
        """The steps, then the expectations; the processes are stopped either way, the folder kept only on failure."""
        try:
            self.setup()
            for i, step in enumerate(self.s["steps"], 1):
                self.step(step, f"step {i} {json.dumps(step)}")
            self.check(self.s.get("expect") or {})
        except BaseException:
            self.log(f"{self.s['name']}: processes, logs and journals kept in {self.root}")
            raise
        finally:
            self.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def step(self, step, where: str) -> None:
        verb, arg = (step, None) if isinstance(step, str) else next(iter(step.items()))
        names = arg if isinstance(arg, list) else [arg]
        if verb == "start-agent":
            with open(self.agent_log, "ab") as log:
                self.agent = subprocess.Popen(self.agent_command + [self.config], stdout=log, stderr=subprocess.STDOUT, cwd=self.root)
            self.wait_health_answers(60)
            self.mark = time.time()
        elif verb == "kill-agent":
            self.agent.kill()
            self.agent.wait()
            self.mark = time.time()
            self.note_spool()
            self.exempt_in_flight()
        elif verb in ("crash", "hang", "resume"):
            self.mark = time.time()
            for n in names:
                self.hubs[n].signal({"crash": signal.SIGKILL, "hang": signal.SIGSTOP, "resume": signal.SIGCONT}[verb])
        elif verb == "restart":
            for n in names:
                self.hubs[n].start()
            self.mark = time.time()
        elif verb == "wait":
            self.wait(arg, where)
        elif verb == "observe":
            end = time.monotonic() + float(arg["seconds"])
            while time.monotonic() < end:
                h = get_json(self.health_url)
                active = _active(h)
                assert active == arg["active_hub"], f"{where}: active hub {active} while observing (flapping?)"
                time.sleep(0.05)
        else:
            raise AssertionError(f"{where}: unknown step {verb}")
        self.poll()

    def wait_health_answers(self, seconds: float) -> None:
        """Until /health answers, 200 or 503: a new agent with every hub down turns unhealthy at its first push."""
        deadline = time.monotonic() + seconds
        while get_json(self.health_url) is None:
            assert self.agent.poll() is None, f"the agent exited with {self.agent.returncode}: {_tail(self.agent_log)}"
            assert time.monotonic() < deadline, f"{self.health_url} did not answer within {seconds} s: {_tail(self.agent_log)}"
            time.sleep(0.05)

    def wait(self, arg: dict, where: str) -> None:
        within = float(arg["within"])
        started = time.time()
        if "accepted" in arg:
            hub, n = arg["accepted"], int(arg.get("batches", 1))
            mark_ms = self.mark * 1000
            baseline = max((s for h in self.hubs.values() for s, ts in h.records if ts <= mark_ms), default=0)
            deadline = self.mark + within + 5
            while True:
                self.poll()
                fresh = sorted({(ts, s) for s, ts in self.hubs[hub].records if s > baseline and ts >= mark_ms - 1})
                seqs = []
                for ts, s in fresh:
                    if s not in seqs:
                        seqs.append(s)
                    if len(seqs) == n:
                        took = ts - mark_ms
                        assert took <= within * 1000, f"{where}: {n} new batch(es) on {hub} after {took:.0f} ms (limit {within * 1000:.0f} ms)"
                        self.record(arg, took)
                        return
                assert time.time() < deadline, f"{where}: {len(seqs)} of {n} new batches on {hub} within {within} s; agent log: {_tail(self.agent_log)}"
                time.sleep(0.02)
        while True:
            self.poll()
            h = get_json(self.health_url)
            ok = h is not None
            for key, want in (arg.get("health") or {}).items():
                ok = ok and _health_value(h, key) == want
            if "spool_files" in arg:
                ok = ok and len(self.note_spool()) >= int(arg["spool_files"])
            if ok:
                self.record(arg, (time.time() - self.mark) * 1000)
                return
            assert time.time() < started + within, f"{where}: not within {within} s (health {h}); agent log: {_tail(self.agent_log)}"
            time.sleep(0.05)

    def record(self, arg: dict, ms: float) -> None:
        if "timing" in arg:
            self.timings[arg["timing"]] = ms
            self.log(f"{self.s['name']}: {arg['timing']} {ms:.0f} ms")

    def poll(self) -> None:
        for h in self.hubs.values():
            h.read_journal()
        self.note_spool()

    def note_spool(self):
        try:
            files = {int(f[:-6].partition("-")[0]) for f in os.listdir(self.spool) if f.endswith(".batch")}  # SEQUENCE[-TIME].batch
        except OSError:
            files = set()
        self.spooled |= files
        return files

    def exempt_in_flight(self) -> None:
        """The batch a killed agent had numbered but not yet spooled or delivered is the one allowed gap."""
        try:
            with open(os.path.join(self.spool, "sequence")) as f:
                last = int(f.read().strip() or 0)
        except (OSError, ValueError):
            return
        self.poll()
        if last and last not in self.note_spool() and all(last != s for h in self.hubs.values() for s, _ in h.records):
            self.exempt.add(last)
            self.log(f"{self.s['name']}: batch {last} was in flight when the agent was killed")

    # --- expectations ------------------------------------------------------------------------------------------

    def check(self, expect: dict) -> None:
        self.poll()
        accepted = {s for h in self.hubs.values() for s, _ in h.records}
        h = get_json(self.health_url)
        for key, want in expect.items():
            if key == "gap":
                top = max(accepted, default=0)
                missing = sorted(set(range(1, top + 1)) - accepted - self.exempt)
                assert len(missing) == want, f"sequence gap: missing {missing} of 1..{top} (exempt {sorted(self.exempt)})"
            elif key == "in_order":
                for hub in self.hubs.values():
                    seqs = [s for s, _ in hub.records]
                    bad = [(a, b) for a, b in zip(seqs, seqs[1:]) if b < a]
                    assert not bad, f"{hub.name} accepted batches out of order: {bad[:5]}"
            elif key == "accepted_by":
                for hub, n in want.items():
                    got = len({s for s, _ in self.hubs[hub].records})
                    assert (got == 0) if n == 0 else (got >= n), f"{hub} accepted {got} batches, expected {n}"
            elif key == "health":
                assert h is not None, "no /health at the end"
                for k, v in want.items():
                    assert _health_value(h, k) == v, f"/health {k}: {_health_value(h, k)!r}, expected {v!r}"
            elif key == "health_shape":
                assert list(h) == HEALTH_KEYS or list(h) == HEALTH_KEYS + ["details"], f"/health keys {list(h)}"
                assert all(list(x) == HUB_KEYS for x in h["hubs"]), f"/health hub keys {[list(x) for x in h['hubs']]}"
                assert list(h["spool"]) == ["batches", "bytes", "dropped"] and list(h["last_push"]) == ["sequence", "hub", "at"]
                assert list(h["active_hub"]) == ["name", "url", "index"]
            elif key == "pushgateway_copy":
                seq = _pushgateway_sequence(self.pushgateway[1])
                top = get_json(self.health_url)["sequence"]  # read after the Pushgateway's: the copy never runs ahead of it
                assert seq is not None and top - 10 <= seq <= top, f"pushgateway holds batch {seq}, the agent is at {top}"
            elif key == "spool_delivered_in_order":
                got = [s for s, _ in self.hubs[want].records if s in self.spooled]
                assert self.spooled, "nothing was spooled"
                assert sorted(set(got)) == sorted(self.spooled - self.exempt) and got == sorted(got), f"spooled {sorted(self.spooled)}, {want} got {got}"
            elif key == "spool_empty":
                assert not self.note_spool(), f"spool still holds {sorted(self.note_spool())}"
            else:
                raise AssertionError(f"unknown expectation {key}")


def _active(h):
    if h is None:
        return None
    return "none" if h["active_hub"] is None else h["active_hub"]["name"]


def _health_value(h, key: str):
    if key == "active_hub":
        return _active(h)
    if key in ("spool_batches", "spool_dropped"):
        return h["spool"][key[6:]]
    if key.endswith("_state"):
        return next((x["state"] for x in h["hubs"] if x["name"] == key[:-6]), None)
    return h.get(key)


def _pushgateway_sequence(url: str):
    data = get_json(url + "/api/v1/metrics") or {}
    for group in data.get("data", []):
        if group.get("labels", {}).get("job") == AGENT_NAME and "dualhub_push_sequence" in group:
            return int(float(group["dualhub_push_sequence"]["metrics"][0]["value"]))
    return None
