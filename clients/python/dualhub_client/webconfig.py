"""The health listener's ``web_config_file``: the Prometheus exporter-toolkit format, read as the C# SDK reads it.

``tls_server_config`` (cert, key, client CA, client auth type, TLS versions) and ``basic_auth_users`` (bcrypt hashes,
checked with the ``bcrypt`` package, Debian's ``python3-bcrypt``). An unknown key, or one this client does not implement,
is an error naming ``file:line: key``: a silently ignored security setting is worse than none.
"""
import base64
import hashlib
import os
import ssl
import threading
from dataclasses import dataclass, field
from typing import Optional

import yaml

from .config import AgentConfigError, ConfigSection, _compose

_VERIFY = {
    "NoClientCert": ssl.CERT_NONE,
    "VerifyClientCertIfGiven": ssl.CERT_OPTIONAL,
    "RequireAndVerifyClientCert": ssl.CERT_REQUIRED,
}
# Go's types that ask for a certificate without checking it: Python's ssl module checks every certificate it asks for.
_UNCHECKED = ("RequestClientCert", "RequireAnyClientCert")
_VERSIONS = {"TLS12": ssl.TLSVersion.TLSv1_2, "TLS13": ssl.TLSVersion.TLSv1_3}
_UNSUPPORTED = ("cert", "key", "client_ca", "cipher_suites", "curve_preferences", "client_allowed_sans")
# bcrypt of a password nobody has (cost 10, the toolkit's decoy): an unknown user costs as much as a known one.
_DECOY = b"$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi"
_CACHE_SIZE = 100


@dataclass
class BasicAuthUsers:
    """``basic_auth_users`` checked as the exporter-toolkit does: one bcrypt per user, password and hash, its result
    cached (bcrypt costs 50-100 ms), keyed by a SHA-256 of the three so no password stays in memory."""

    users: dict
    _cache: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    comparisons: int = 0

    def allows(self, authorization: Optional[str]) -> bool:
        if not self.users:
            return True
        user, password = _decode(authorization)
        if user is None:
            return False
        known = user in self.users
        hashed = self.users[user].encode() if known else _DECOY
        key = hashlib.sha256(user.encode().hex().encode() + b":" + hashed + b":" + password.encode().hex().encode()).digest()
        with self._lock:
            ok = self._cache.get(key)
            if ok is None:
                import bcrypt  # only a listener with users needs it
                self.comparisons += 1
                try:
                    ok = bcrypt.checkpw(password.encode(), hashed) and known
                except ValueError:
                    ok = False
                if len(self._cache) >= _CACHE_SIZE:
                    self._cache.clear()  # bounded: a flood of wrong passwords cannot grow it
                self._cache[key] = ok
        return ok and known


@dataclass(frozen=True)
class WebConfig:
    """What the health listener serves with: a server TLS context (None: plain HTTP) and the users."""

    source: str
    context: Optional[ssl.SSLContext] = None
    auth: BasicAuthUsers = field(default_factory=lambda: BasicAuthUsers({}))


def _decode(authorization: Optional[str]):
    if not authorization or not authorization[:6].lower() == "basic ":
        return None, None
    try:
        text = base64.b64decode(authorization[6:].strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None, None
    user, sep, password = text.partition(":")
    return (user, password) if sep else (None, None)


def load_web_config(path: str) -> WebConfig:
    """Reads and checks ``path``; the certificate, key and client CA are loaded now, so a bad file fails the start."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as ex:
        raise AgentConfigError("web_config_file", f"{path}: cannot read web config: {ex.strerror or ex}") from ex
    node = _compose(text, path)
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
        return WebConfig(path)
    if not isinstance(node, yaml.MappingNode):
        raise AgentConfigError("", f"{path}:{node.start_mark.line + 1}: web config must be a mapping")
    root = ConfigSection(node, "", path)
    root.reject_unknown("tls_server_config", "basic_auth_users", "http_server_config", "rate_limit")
    for key in ("http_server_config", "rate_limit"):
        if root.get_section(key) is not None:
            raise root.error(root.find(key), key, "not supported by the Python client's health listener")
    directory = os.path.dirname(os.path.abspath(path))
    users = {}
    section = root.get_section("basic_auth_users")
    if section is not None:
        for user in section.keys:
            hashed = section.get_required_string(user)
            if not hashed.startswith(("$2a$", "$2b$", "$2y$")):
                raise section.error(section.find(user), user, "is not a bcrypt hash ($2a$, $2b$ or $2y$)")
            users[user] = hashed
    return WebConfig(path, _server_context(root.get_section("tls_server_config"), directory), BasicAuthUsers(users))


def _server_context(tls: Optional[ConfigSection], directory: str) -> Optional[ssl.SSLContext]:
    if tls is None:
        return None
    tls.reject_unknown("cert_file", "key_file", "client_ca_file", "client_auth_type", "min_version", "max_version",
                      "prefer_server_cipher_suites", *_UNSUPPORTED)
    for key in _UNSUPPORTED:
        if tls.has(key):
            raise tls.error(tls.find(key), key, "not supported by the Python client's health listener")

    def file(key: str) -> Optional[str]:
        v = tls.get_string(key)
        return None if v is None else os.path.normpath(os.path.join(directory, v))

    cert, key, ca = file("cert_file"), file("key_file"), file("client_ca_file")
    auth_type = tls.get_string("client_auth_type") or "NoClientCert"
    if cert is None and key is None and ca is None and auth_type == "NoClientCert":
        return None  # the toolkit's "TLS config is not present": plain HTTP
    if cert is None:
        raise tls.missing("cert_file")
    if key is None:
        raise tls.missing("key_file")
    if auth_type in _UNCHECKED:
        raise tls.error(tls.find("client_auth_type"), "client_auth_type",
                        f"{auth_type} (a certificate asked for and not checked) is not supported by the Python client; use VerifyClientCertIfGiven or RequireAndVerifyClientCert")
    if auth_type not in _VERIFY:
        raise tls.error(tls.find("client_auth_type"), "client_auth_type", f"'{auth_type}' is not one of " + ", ".join([*_VERIFY, *_UNCHECKED]))
    if ca is not None and auth_type == "NoClientCert":
        raise tls.error(tls.find("client_ca_file"), "client_ca_file", "client CAs are configured without a client_auth_type")
    if _VERIFY[auth_type] != ssl.CERT_NONE and ca is None:
        raise tls.error(tls.find("client_auth_type"), "client_ca_file", f"required with client_auth_type {auth_type} (client certificates are verified against it only)")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = _version(tls, "min_version", ssl.TLSVersion.TLSv1_2)
    context.maximum_version = _version(tls, "max_version", ssl.TLSVersion.MAXIMUM_SUPPORTED)
    if context.maximum_version != ssl.TLSVersion.MAXIMUM_SUPPORTED and context.minimum_version > context.maximum_version:
        raise tls.error(tls.find("min_version"), "min_version", "is above max_version")
    # Orders TLS 1.2 suites only, as in the toolkit (default true); TLS 1.3 has no server preference.
    if tls.get_bool("prefer_server_cipher_suites") is False:
        context.options &= ~ssl.OP_CIPHER_SERVER_PREFERENCE
    else:
        context.options |= ssl.OP_CIPHER_SERVER_PREFERENCE
    try:
        context.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as ex:
        raise tls.error(tls.find("cert_file"), "cert_file", f"cannot load the key pair {cert} + {key}: {ex}") from ex
    if ca is not None:
        try:
            context.load_verify_locations(cafile=ca)
        except (OSError, ssl.SSLError) as ex:
            raise tls.error(tls.find("client_ca_file"), "client_ca_file", f"cannot load {ca}: {ex}") from ex
    context.verify_mode = _VERIFY[auth_type]
    return context


def _version(tls: ConfigSection, key: str, default):
    v = tls.get_string(key)
    if v is None:
        return default
    if v in ("TLS10", "TLS11"):
        raise tls.error(tls.find(key), key, "TLS 1.0 and 1.1 are not supported; use TLS12 or TLS13")
    if v not in _VERSIONS:
        raise tls.error(tls.find(key), key, f"'{v}' is not one of " + ", ".join(_VERSIONS))
    return _VERSIONS[v]
