#!/usr/bin/env python3
"""Does DualHub's push API accept and refuse what prometheus-pushgateway 1.5.1 does?

Takes the fuzzers' text, protobuf and grouping-key corpora, mutates each input (seeded, so a run repeats), pushes
every mutant to both (PUT, each on an empty store: the admin API wipes both after an accepted push) and compares the
status classes. Grouping-key mutants are percent-encoded where a byte is not a plain path character, so the request
line is valid HTTP for both servers and what is compared is the push API, not the two HTTP parsers.
Prints the agreement ratio (status class and exact code) and the disagreements by category with an example each.
Run through bench/pushgateway-agreement.sh.
"""
import collections, os, random, re, shutil, socket, subprocess, sys, tempfile

from benchproc import dualhub_argv, free_port, wait_http

N = int(os.environ.get("N", "3000"))
KEEP = os.environ.get("KEEP")  # a folder to write every disagreeing mutant to, for triage
SEED = int(os.environ.get("SEED", "1"))
DUALHUB, CORPUS = sys.argv[1], sys.argv[2]
PROTOBUF = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"
TOKENS = [b"\n", b" ", b"{", b"}", b"=", b",", b'"', b"\\", b"#", b"# TYPE x counter\n", b"# HELP x h\n",
          b"NaN", b"+Inf", b"-Inf", b"1e308", b"_bucket", b"_sum", b"_count", b'le="', b'quantile="', b"\t",
          b"\xff", b"\xc3\xa9", b"\x00", b"0x1", b"9223372036854775808", b"@base64", b"/", b"%2F", b"=", b"job"]
PLAIN = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/%")


def corpus(kind):
    d = os.path.join(CORPUS, kind)
    return [open(os.path.join(d, f), "rb").read() for f in sorted(os.listdir(d))]


def mutate(rng, data, others):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        pos = rng.randint(0, len(data))
        if op == 0 and data:
            data[min(pos, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[pos:pos] = rng.choice(TOKENS)
        elif op == 2 and data:
            del data[pos:pos + rng.randint(1, 8)]
        elif op == 3 and data:
            end = min(len(data), pos + rng.randint(1, 32))
            data[pos:pos] = data[pos:end]
        elif op == 4:
            other = rng.choice(others)
            cut = rng.randint(0, len(other))
            data = data[:pos] + other[cut:cut + rng.randint(1, 64)] + data[pos:]
        elif op == 5 and data:
            data[min(pos, len(data) - 1)] = rng.choice(b"0123456789")
    return bytes(data)


def path_escape(raw):
    return "".join(chr(b) if b in PLAIN else f"%{b:02X}" for b in raw)


def request(port, method, target, body=b"", ctype=None):
    """One raw HTTP/1.1 request; (status, first line of the body)."""
    head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {len(body)}\r\n"
    if ctype:
        head += f"Content-Type: {ctype}\r\n"
    chunks = []
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(head.encode("latin-1") + b"\r\n" + body)
            while chunk := s.recv(65536):
                chunks.append(chunk)
    except OSError as e:  # a server that died on the request
        return 0, f"connection error: {e}"
    raw = b"".join(chunks)
    if not raw:
        return 0, "connection closed without an answer"
    head, _, rest = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    if b"transfer-encoding: chunked" in head.lower():
        rest = rest.split(b"\r\n", 1)[1] if b"\r\n" in rest else rest
    return status, rest.decode("utf-8", "replace").strip().split("\n")[0][:160]


def fatal_line(log):
    with open(log, errors="replace") as f:
        lines = [l for l in f.read().splitlines() if l.startswith(("fatal error", "panic:"))]
    return "process died: " + (lines[-1] if lines else "no fatal error line")


def category(kind, pg, dh):
    words = re.sub(r'"[^"]*"|\d+', "_", pg[1] or dh[1])[:70]
    return f"{kind}: pushgateway {pg[0]} / dualhub {dh[0]}: {words}"


def main():
    rng = random.Random(SEED)
    kinds = {k: corpus(k) for k in ("text", "protobuf", "grouping-key")}
    valid = b"agreement_ok 1\n"
    tmp = tempfile.mkdtemp(prefix="pgagree-")
    config = os.path.join(tmp, "hub.yml")
    with open(config, "w") as f:
        f.write("enable_admin_api: true\n")
    pg_port, dh_port = free_port(), free_port()
    logs = {name: open(os.path.join(tmp, name + ".log"), "wb") for name in ("pushgateway", "dualhub")}
    pg_argv = ["/usr/bin/prometheus-pushgateway", f"--web.listen-address=127.0.0.1:{pg_port}", "--web.enable-admin-api",
               "--persistence.file="]
    pg = subprocess.Popen(pg_argv, stdout=logs["pushgateway"], stderr=subprocess.STDOUT)
    dh = subprocess.Popen([*dualhub_argv(DUALHUB), "hub", "--config", config, "--listen", f"127.0.0.1:{dh_port}",
                           "--data", os.path.join(tmp, "data")], stdout=logs["dualhub"], stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{pg_port}/-/ready", proc=pg)
        wait_http(f"http://127.0.0.1:{dh_port}/-/ready", proc=dh)
        same_class = same_code = pg_hangs = 0
        per_kind = collections.Counter()
        per_kind_same = collections.Counter()
        disagreements = collections.defaultdict(list)
        for i in range(N):
            kind = rng.choices(list(kinds), weights=[5, 3, 2])[0]
            mutant = mutate(rng, rng.choice(kinds[kind]), kinds[kind])
            if kind == "grouping-key":
                target, body, ctype = "/metrics/" + path_escape(mutant), valid, None
            else:
                target, body, ctype = "/metrics/job/agreement", mutant, (PROTOBUF if kind == "protobuf" else "text/plain; version=0.0.4")
            answers = [request(p, "PUT", target, body, ctype) for p in (pg_port, dh_port)]
            if answers[0][0] == 0 and pg.poll() is None:
                # After some refused job@base64 requests, Pushgateway 1.5.1 never answers that route again (every later
                # PUT /metrics/job@base64/... times out): ask a fresh one, so each mutant is judged on its own.
                pg_hangs += 1
                pg.kill()
                pg.wait()
                pg = subprocess.Popen(pg_argv, stdout=logs["pushgateway"], stderr=subprocess.STDOUT)
                wait_http(f"http://127.0.0.1:{pg_port}/-/ready", proc=pg)
                answers[0] = request(pg_port, "PUT", target, body, ctype)
            if dh.poll() is not None:
                raise SystemExit(f"dualhub exited ({dh.returncode}) after {kind} mutant {mutant[:200]!r} at {target[:200]}")
            if answers[0][0] == 0:
                try:
                    pg.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
            if pg.poll() is not None:
                # Go's runtime dies on some inputs (e.g. a delimited-protobuf length prefix it tries to allocate).
                answers[0] = (-1, fatal_line(os.path.join(tmp, "pushgateway.log")))
                pg = subprocess.Popen(pg_argv, stdout=logs["pushgateway"], stderr=subprocess.STDOUT)
                wait_http(f"http://127.0.0.1:{pg_port}/-/ready", proc=pg)
            for p in (pg_port, dh_port):
                request(p, "PUT", "/api/v1/admin/wipe")
            pg_a, dh_a = answers
            per_kind[kind] += 1
            if pg_a[0] // 100 == dh_a[0] // 100:
                same_class += 1
                per_kind_same[kind] += 1
            else:
                disagreements[category(kind, pg_a, dh_a)].append((mutant, pg_a[1], dh_a[1]))
                if KEEP:
                    os.makedirs(KEEP, exist_ok=True)
                    with open(os.path.join(KEEP, f"{kind}-{i}-pg{pg_a[0]}-dh{dh_a[0]}"), "wb") as f:
                        f.write(target.encode() if kind == "grouping-key" else mutant)
            same_code += pg_a[0] == dh_a[0]
        print(f"mutated pushes: {N} (seed {SEED}); same status class: {same_class}/{N} = {same_class / N:.4f}; "
              f"same status code: {same_code}/{N} = {same_code / N:.4f}; pushgateway restarted after a hang: {pg_hangs}")
        for k in kinds:
            print(f"  {k}: {per_kind_same[k]}/{per_kind[k]} same class")
        for cat, cases in sorted(disagreements.items(), key=lambda kv: -len(kv[1])):
            mutant, pg_msg, dh_msg = cases[0]
            print(f"{len(cases):5d}  {cat}\n       e.g. {mutant[:120]!r}\n       pushgateway: {pg_msg}\n       dualhub:     {dh_msg}")
    finally:
        for p in (pg, dh):
            p.terminate()
            p.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
