#!/usr/bin/env python3
"""Side-by-side: the cost of TLS (client certificate required) and basic auth on a push.

Four servers at once on loopback: prometheus-pushgateway 1.5.1 and DualHub's hub (pushgateway role), each plain and
with the web config `dualhub render --secure` generates (exporter-toolkit format: RequireAndVerifyClientCert, one
bcrypt user). The same 100-series PUT goes to each, round-robin so load changes hit all four alike: PUTS on one kept-alive
connection (the steady state of an agent or a forwarder), and CONNS on a new connection each (handshake included).
Prints p50/p99 per server and the ratios secure/plain. Run through bench/tls-put-compare.sh.
"""
import base64, http.client, os, shutil, ssl, statistics, subprocess, sys, tempfile, time

from benchproc import dualhub_argv, free_port

PUTS = int(os.environ.get("PUTS", "1000"))
CONNS = int(os.environ.get("CONNS", "200"))
DUALHUB = sys.argv[1]
BODY = ("# TYPE bench_tls gauge\n" + "".join(f'bench_tls{{series="{i}"}} {i}\n' for i in range(100))).encode()


class Server:
    def __init__(self, name, argv, port, secure, material):
        self.name, self.port, self.secure = name, port, secure
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.headers = {"Content-Type": "text/plain"}
        self.context = None
        if secure:
            self.context = ssl.create_default_context(cafile=os.path.join(material, "pki", "ca.pem"))
            self.context.load_cert_chain(os.path.join(material, "pki", "client.pem"), os.path.join(material, "pki", "client.key"))
            with open(os.path.join(material, "password")) as f:
                password = f.read().strip()
            self.headers["Authorization"] = "Basic " + base64.b64encode(f"dualhub:{password}".encode()).decode()
        self.conn = None

    def connect(self):
        if self.secure:
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=self.context)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def put(self, conn, i):
        conn.request("PUT", f"/metrics/job/bench_tls/instance/{self.name}", body=BODY.replace(b"} 0\n", f"}} {i}\n".encode(), 1), headers=self.headers)
        r = conn.getresponse(); r.read()
        if r.status != 200:
            raise SystemExit(f"{self.name}: PUT -> {r.status}")

    def wait_ready(self, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.name} exited with {self.proc.returncode}")
            try:
                c = self.connect(); c.request("GET", "/-/ready", headers=self.headers)
                if c.getresponse().status == 200:
                    c.close(); return
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"{self.name} not ready")


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))] * 1000


def main():
    tmp = tempfile.mkdtemp(prefix="tlscompare-")
    try:
        subprocess.run([*dualhub_argv(DUALHUB), "render", "--out", os.path.join(tmp, "r"), "--secure"], check=True, stdout=subprocess.DEVNULL)
        material = os.path.join(tmp, "r", "secure")
        web = os.path.join(material, "web.yml")
        servers = []
        for secure in (False, True):
            p = free_port()
            flags = [f"--web.config.file={web}"] if secure else []
            servers.append(Server(("pushgateway-tls" if secure else "pushgateway"), ["/usr/bin/prometheus-pushgateway", f"--web.listen-address=127.0.0.1:{p}", "--persistence.file=", *flags], p, secure, material))
            p = free_port()
            data = os.path.join(tmp, f"data-{int(secure)}")
            flags = ["--web.config.file", web] if secure else []
            servers.append(Server(("dualhub-tls" if secure else "dualhub"), [*dualhub_argv(DUALHUB), "hub", "--listen", f"127.0.0.1:{p}", "--data", data, *flags], p, secure, material))
        for s in servers:
            s.wait_ready()
            s.conn = s.connect()
            for i in range(300):  # warm-up: JIT tiering (JIT build), bcrypt cache, connection
                s.put(s.conn, i)
        kept = {s.name: [] for s in servers}
        fresh = {s.name: [] for s in servers}
        for i in range(PUTS):
            for s in servers:
                t = time.perf_counter(); s.put(s.conn, i); kept[s.name].append(time.perf_counter() - t)
        for i in range(CONNS):
            for s in servers:
                t = time.perf_counter(); c = s.connect(); s.put(c, i); fresh[s.name].append(time.perf_counter() - t); c.close()
        load = os.getloadavg()[0]
        print(f"{PUTS} PUTs of 100 series on a kept-alive connection and {CONNS} on a new connection each, per server, round-robin; load average {load:.1f}")
        print("| server | kept-alive p50 | p99 | new connection p50 | p99 |")
        print("|---|---|---|---|---|")
        for s in servers:
            print(f"| {s.name} | {pct(kept[s.name], .5):.2f} ms | {pct(kept[s.name], .99):.2f} ms | {pct(fresh[s.name], .5):.2f} ms | {pct(fresh[s.name], .99):.2f} ms |")
        for base in ("pushgateway", "dualhub"):
            k = pct(kept[base + "-tls"], .5) / pct(kept[base], .5)
            n = pct(fresh[base + "-tls"], .5) / pct(fresh[base], .5)
            print(f"{base}: TLS + basic auth / plain, p50: kept-alive {k:.2f}x, new connection {n:.2f}x")
        print(f"DualHub / Pushgateway with TLS, p50: kept-alive {pct(kept['dualhub-tls'], .5) / pct(kept['pushgateway-tls'], .5):.2f}x, "
              f"new connection {pct(fresh['dualhub-tls'], .5) / pct(fresh['pushgateway-tls'], .5):.2f}x")
    finally:
        for s in locals().get("servers", []):
            s.proc.kill(); s.proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


main()
