"""The health listener behind a web config (web_config_file, the exporter-toolkit format): TLS with a verified client
certificate and basic auth, as the C# SDK's listener serves it (docs/security.md)."""

import datetime
import http.client
import os
import ssl

import bcrypt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from prometheus_client import CollectorRegistry

from dualhub_client import DualHubAgent
from dualhub_client.config import AgentConfigError, parse_config
from fakes import FakeHubs

BASE = 'agent: { name: tls_agent, node: pc2 }\nhub_endpoints: { primary: "http://127.0.0.1:9100" }\nhealth_port: 0\n'


def _cert(subject, key, issuer, issuer_key, ca=False, ip=None):
    now = datetime.datetime.now(datetime.timezone.utc)
    b = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
         .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)])).public_key(key.public_key())
         .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
         .not_valid_after(now + datetime.timedelta(days=1))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ip:
        import ipaddress
        b = b.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]), critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def _write(path, cert=None, key=None):
    with open(path, "wb") as f:
        if cert is not None:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
        if key is not None:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


@pytest.fixture
def pki(tmp_path):
    ca_key, server_key, client_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    ca = _cert("test ca", ca_key, "test ca", ca_key, ca=True)
    _write(tmp_path / "ca.pem", ca)
    _write(tmp_path / "server.pem", _cert("127.0.0.1", server_key, "test ca", ca_key, ip="127.0.0.1"))
    _write(tmp_path / "server.key", key=server_key)
    _write(tmp_path / "client.pem", _cert("client", client_key, "test ca", ca_key))
    _write(tmp_path / "client.key", key=client_key)
    # cost 4: the listener checks whatever cost the hash says; the tests need no 50 ms per hash
    hashed = bcrypt.hashpw(b"s3cret", bcrypt.gensalt(rounds=4)).decode()
    (tmp_path / "web.yml").write_text(
        "tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n  client_ca_file: ca.pem\n"
        f"  client_auth_type: RequireAndVerifyClientCert\nbasic_auth_users:\n  dualhub: '{hashed}'\n")
    return tmp_path


@pytest.fixture
def agent(pki):
    o = parse_config(BASE + "web_config_file: web.yml\n", str(pki / "agent.yaml"))
    o = o.__class__(**{**o.__dict__, "spool": o.spool.__class__(path=str(pki / "spool"))})
    a = DualHubAgent(o, registry=CollectorRegistry(), transport_factory=FakeHubs().transport).start(run_loops=False)
    yield a
    a.stop()


def _context(pki, client_cert=True):
    c = ssl.create_default_context(cafile=str(pki / "ca.pem"))
    if client_cert:
        c.load_cert_chain(str(pki / "client.pem"), str(pki / "client.key"))
    return c


def _get(agent, context, password=None, path="/health"):
    import base64
    port = int(agent.health_url.split(":")[2].split("/")[0])
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=5, context=context)
    headers = {} if password is None else {"Authorization": "Basic " + base64.b64encode(f"dualhub:{password}".encode()).decode()}
    try:
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        return r.status, r.getheader("WWW-Authenticate"), r.read()
    finally:
        conn.close()


def test_the_listener_wants_the_client_certificate_and_the_password(agent, pki):
    assert agent.health_url.startswith("https://127.0.0.1:")
    status, _, body = _get(agent, _context(pki), "s3cret")
    assert status == 200 and b'"status"' in body
    assert _get(agent, _context(pki), "s3cret", "/metrics")[0] == 200
    status, challenge, _ = _get(agent, _context(pki), "wrong")
    assert (status, challenge) == (401, "Basic")
    assert _get(agent, _context(pki))[0:2] == (401, "Basic")
    # No client certificate: refused in the handshake, no HTTP answer.
    with pytest.raises((ssl.SSLError, ConnectionError, OSError)):
        _get(agent, _context(pki, client_cert=False), "s3cret")
    # Plain HTTP to the TLS port: no HTTP answer either.
    port = int(agent.health_url.split(":")[2].split("/")[0])
    plain = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    with pytest.raises((http.client.HTTPException, ConnectionError, OSError)):
        plain.request("GET", "/health")
        plain.getresponse().read()
    plain.close()


def test_a_repeated_credential_costs_one_bcrypt(agent, pki):
    auth = agent.options.web_config.auth
    before = auth.comparisons
    for _ in range(5):
        assert _get(agent, _context(pki), "s3cret")[0] == 200
    assert auth.comparisons - before <= 1


@pytest.mark.parametrize("web, expected", [
    ("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n  colour: red\n", r"web\.yml:4: tls_server_config\.colour: unknown key"),
    ("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n  client_ca_file: ca.pem\n  client_auth_type: RequireAnyClientCert\n",
     r"web\.yml:5: tls_server_config\.client_auth_type: RequireAnyClientCert .* not supported by the Python client"),
    ("tls_server_config:\n  key_file: server.key\n", r"web\.yml:2: tls_server_config\.cert_file: is required"),
    ("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n  client_ca_file: ca.pem\n", r"web\.yml:4: tls_server_config\.client_ca_file: client CAs are configured without a client_auth_type"),
    ("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n  min_version: TLS11\n", r"web\.yml:4: tls_server_config\.min_version: TLS 1\.0 and 1\.1 are not supported"),
    ("tls_server_config:\n  cert_file: nothere.pem\n  key_file: server.key\n", r"web\.yml:2: tls_server_config\.cert_file: cannot load the key pair"),
    ("basic_auth_users:\n  dualhub: plain-text\n", r"web\.yml:2: basic_auth_users\.dualhub: is not a bcrypt hash"),
    ("http_server_config:\n  http2: false\n", r"web\.yml:2: http_server_config: not supported by the Python client"),
    ("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n  prefer_server_cipher_suites: maybe\n",
     r"web\.yml:4: tls_server_config\.prefer_server_cipher_suites: .*true or false"),
])
def test_a_bad_web_config_fails_the_load_naming_file_line_and_key(pki, web, expected):
    (pki / "web.yml").write_text(web)
    with pytest.raises(AgentConfigError, match=expected):
        parse_config(BASE + "web_config_file: web.yml\n", str(pki / "agent.yaml"))


def test_a_missing_web_config_names_the_file(tmp_path):
    with pytest.raises(AgentConfigError, match=r"nothere\.yml: cannot read web config"):
        parse_config(BASE + "web_config_file: nothere.yml\n", str(tmp_path / "agent.yaml"))


def test_an_empty_web_config_is_plain_http(tmp_path):
    (tmp_path / "web.yml").write_text("")
    o = parse_config(BASE + "web_config_file: web.yml\n", str(tmp_path / "agent.yaml"))
    assert o.web_config.context is None and not o.web_config.auth.users


@pytest.mark.parametrize("value, preferred", [("true", True), ("false", False)])
def test_prefer_server_cipher_suites_is_taken_as_the_toolkit_has_it(pki, value, preferred):
    (pki / "web.yml").write_text(f"tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n  prefer_server_cipher_suites: {value}\n")
    o = parse_config(BASE + "web_config_file: web.yml\n", str(pki / "agent.yaml"))
    assert bool(o.web_config.context.options & ssl.OP_CIPHER_SERVER_PREFERENCE) is preferred
