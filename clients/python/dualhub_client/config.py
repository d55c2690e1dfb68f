"""The agent YAML (docs/client.md, "Configuration"): the same keys, defaults and error texts as the C# SDK.

Every error names the file, line and key (``agent.yaml:5: failover_config.max_retries: 'many' is not an integer``);
unknown keys are refused. :func:`load_config` reads a file; :class:`AgentOptions` may also be built in code and is
checked by :meth:`AgentOptions.validate`, which returns a copy with every default applied.
"""

from __future__ import annotations

import dataclasses
import os
import re
import socket
from dataclasses import dataclass, field
from typing import Callable, Mapping, Optional, Sequence
from urllib.parse import urlsplit

import yaml

from .durations import DESCRIPTION as _DURATIONS, parse_duration

HUB_URL_VARIABLE = "OBS_HUB_URL"
"""Environment variable that replaces the primary hub's URL."""

MAX_CONFIG_BYTES = 1 << 20
"""Largest config file read (a config is a few hundred bytes)."""

COMMON_KEYS = (
    "agent", "hub_endpoints", "failover_config", "push_interval", "push_timeout", "nats", "nats_url",
    "health_subject", "metrics_subject", "spool", "health_port", "health_host", "tls_config", "basic_auth",
    "web_config_file",
)

FAILOVER_KEYS = (
    "health_check_interval", "max_retries", "failover_threshold", "recovery_timeout", "push_timeout",
    "retry_backoff", "recovery_backoff", "backoff_multiplier", "recovery_successes", "adaptive_timeout",
    "push_timeout_min", "push_timeout_max", "push_timeout_factor", "push_timeout_percentile", "latency_window",
    "latency_min_samples",
)

_INT = re.compile(r"^\s*[+-]?[0-9]+\s*$")
_FLOAT = re.compile(r"^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$")
_LONG_MIN, _LONG_MAX = -(1 << 63), (1 << 63) - 1
_INT_MAX = (1 << 31) - 1
# YAML 1.1 booleans as Go's yaml.v2 (and the C# loaders) read them: each word lower case, capitalized or upper case.
_YAML_BOOLS = {form: value for value, words in ((True, ("y", "yes", "true", "on")), (False, ("n", "no", "false", "off")))
               for w in words for form in (w, w.capitalize(), w.upper())}


class AgentConfigError(ValueError):
    """A bad or missing configuration value; ``key`` names it (dotted path, e.g. ``failover_config.max_retries``)."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


def format_number(v: float) -> str:
    """A number as .NET prints it in the C# SDK's messages: ``200``, ``0.5``."""
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def normalize_url(text: Optional[str]) -> Optional[str]:
    """An absolute http(s) URL in canonical form (``http://127.0.0.1:9100/``), or None when it is not one."""
    if text is None:
        return None
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = "[" + host + "]"
    default = 80 if scheme == "http" else 443
    netloc = host if port is None or port == default else f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    if userinfo:
        netloc = userinfo + "@" + netloc
    url = f"{scheme}://{netloc}{parts.path or '/'}"
    return url + ("?" + parts.query if parts.query else "")


class ConfigSection:
    """A YAML mapping of an agent config with typed getters whose errors name the key and line
    (``file:line: key: problem``). Agents read their own keys through it."""

    def __init__(self, node: yaml.MappingNode, path: str, source: str):
        self._node = node
        self.path = path
        self._source = source

    @property
    def keys(self) -> list:
        """Keys present in this section, in file order."""
        return [k.value if isinstance(k, yaml.ScalarNode) else "" for k, _ in self._node.value]

    def has(self, key: str) -> bool:
        return self.find(key) is not None

    def reject_unknown(self, *known: str) -> None:
        """Fails on any key not in ``known`` (typos must not pass silently)."""
        for k, _ in self._node.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else ""
            if name not in known:
                raise self.error(k, name, "unknown key (known: " + ", ".join(known) + ")")

    def get_string(self, key: str) -> Optional[str]:
        n = self._scalar(key)
        return None if n is None else n.value

    def get_required_string(self, key: str) -> str:
        s = self.get_string(key)
        if s is None or not s.strip():
            raise self.missing(key)
        return s

    def get_duration(self, key: str) -> Optional[float]:
        """Seconds (``30``, ``0.5``) or Go syntax (``500ms``, ``2m``, ``1h30m``) as float seconds, or None."""
        n = self._scalar(key)
        if n is None:
            return None
        d = parse_duration(n.value)
        if d is None:
            raise self.error(n, key, f"'{n.value}' is not a duration ({_DURATIONS})")
        if d < 0:
            raise self.error(n, key, f"'{n.value}' must not be negative")
        return d

    def get_float(self, key: str, lo: float = float("-inf"), hi: float = float("inf")) -> Optional[float]:
        n = self._scalar(key)
        if n is None:
            return None
        try:
            v = float(n.value) if _FLOAT.match(n.value) else None
        except ValueError:
            v = None
        if v is None or v != v or v in (float("inf"), float("-inf")):
            raise self.error(n, key, f"'{n.value}' is not a number")
        if v < lo or v > hi:
            raise self.error(n, key, f"{format_number(v)} is out of range [{format_number(lo)}, {format_number(hi)}]")
        return v

    def get_int(self, key: str, lo: int = _LONG_MIN, hi: int = _LONG_MAX) -> Optional[int]:
        n = self._scalar(key)
        if n is None:
            return None
        v = int(n.value) if _INT.match(n.value) else None
        if v is None or v < _LONG_MIN or v > _LONG_MAX:
            raise self.error(n, key, f"'{n.value}' is not an integer")
        if v < lo or v > hi:
            raise self.error(n, key, f"{v} is out of range [{lo}, {hi}]")
        return v

    def get_bool(self, key: str) -> Optional[bool]:
        n = self._scalar(key)
        if n is None:
            return None
        v = _YAML_BOOLS.get(n.value)
        if v is None:
            raise self.error(n, key, f"'{n.value}' is not true or false")
        return v

    def get_http_url(self, key: str) -> Optional[str]:
        n = self._scalar(key)
        return None if n is None else self.parse_http_url(n, key)

    def get_string_list(self, key: str) -> list:
        n = self.find(key)
        if n is None:
            return []
        if isinstance(n, yaml.ScalarNode):
            return [n.value]
        if isinstance(n, yaml.SequenceNode):
            out = []
            for i, c in enumerate(n.value):
                if not isinstance(c, yaml.ScalarNode):
                    raise self.error(c, f"{key}[{i}]", "must be a string")
                out.append(c.value)
            return out
        raise self.error(n, key, "must be a list of strings")

    def get_section(self, key: str) -> Optional["ConfigSection"]:
        n = self.find(key)
        if n is None:
            return None
        if isinstance(n, yaml.MappingNode):
            return ConfigSection(n, self._qualify(key), self._source)
        if isinstance(n, yaml.ScalarNode) and n.value in ("", "~", "null"):
            return None
        raise self.error(n, key, "must be a mapping (key: value)")

    def get_section_list(self, key: str) -> list:
        n = self.find(key)
        if n is None:
            return []
        if not isinstance(n, yaml.SequenceNode):
            raise self.error(n, key, "must be a list")
        out = []
        for i, c in enumerate(n.value):
            if not isinstance(c, yaml.MappingNode):
                raise self.error(c, f"{key}[{i}]", "must be a mapping")
            out.append(ConfigSection(c, f"{self._qualify(key)}[{i}]", self._source))
        return out

    def find(self, key: str):
        for k, v in self._node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
        return None

    def parse_http_url(self, n, key: str) -> str:
        text = n.value if isinstance(n, yaml.ScalarNode) else None
        url = normalize_url(text)
        if url is None:
            raise self.error(n, key, f"'{text}' is not an absolute http:// or https:// URL")
        return url

    def error(self, node, key: str, problem: str) -> AgentConfigError:
        q = self._qualify(key)
        return AgentConfigError(q, f"{self._source}:{node.start_mark.line + 1}: {q}: {problem}")

    def missing(self, key: str) -> AgentConfigError:
        q = self._qualify(key)
        return AgentConfigError(q, f"{self._source}:{self._node.start_mark.line + 1}: {q}: is required")

    def _scalar(self, key: str):
        n = self.find(key)
        if n is None or isinstance(n, yaml.ScalarNode):
            return n
        raise self.error(n, key, "must be a single value")

    def _qualify(self, key: str) -> str:
        return key if not self.path else self.path + "." + key


@dataclass(frozen=True)
class HubEndpoint:
    """One hub the agent may push to: its name (``primary``, ``fallback``, ``hub3``...) and base URL."""

    name: str
    url: str


@dataclass(frozen=True)
class FailoverOptions:
    """Failover timing (``failover_config``); every duration in seconds."""

    health_check_interval: float = 30.0
    max_retries: int = 3
    failover_threshold: int = 3
    recovery_timeout: float = 300.0
    push_timeout: float = 0.5
    retry_backoff: float = 0.05
    recovery_backoff: float = 1.0
    backoff_multiplier: float = 2.0
    recovery_successes: int = 3
    # The adaptive push timeout (docs/client.md): factor x percentile of each hub's last answers, within [min, max].
    adaptive_timeout: bool = True
    push_timeout_min: float = 0.2
    push_timeout_max: float = 1.5
    push_timeout_factor: float = 3.0
    push_timeout_percentile: float = 95.0
    latency_window: int = 64
    latency_min_samples: int = 8

    @property
    def longest_timeout(self) -> float:
        """The longest a request may wait: the fixed timeout, or the adaptive ceiling."""
        return self.push_timeout_max if self.adaptive_timeout else self.push_timeout


@dataclass(frozen=True)
class NatsOptions:
    """The ``nats`` keys. Read and checked like the C# SDK's; this client publishes nothing to NATS (docs/client.md)."""

    url: str = "nats://127.0.0.1:4222"
    urls: tuple = ()
    enabled: bool = True
    health_subject: str = ""
    metrics_subject: str = ""


@dataclass(frozen=True)
class SpoolOptions:
    """The on-disk spool (``spool``)."""

    path: str = ""
    max_batches: int = 10_000
    max_bytes: int = 256 << 20


@dataclass(frozen=True)
class TlsConfig:
    """``tls_config`` with Prometheus' keys, for ``https://`` hubs (docs/security.md)."""

    ca_file: Optional[str] = None
    cert_file: Optional[str] = None
    key_file: Optional[str] = None
    server_name: Optional[str] = None
    insecure_skip_verify: bool = False


@dataclass(frozen=True)
class BasicAuth:
    """``basic_auth``: ``username`` with ``password`` or ``password_file`` (read at each request)."""

    username: str
    password: Optional[str] = field(default=None, repr=False)
    password_file: Optional[str] = None

    def resolve_password(self) -> str:
        if self.password_file is None:
            return self.password or ""
        with open(self.password_file, encoding="utf-8") as f:
            return f.read().rstrip("\r\n")


def _machine_name() -> str:
    # As .NET's Environment.MachineName: the host name up to its first dot, here lower case.
    return socket.gethostname().split(".", 1)[0].lower()


@dataclass(frozen=True)
class AgentOptions:
    """Everything an agent needs. :meth:`validate` checks every value and returns a copy with the defaults applied."""

    name: str = ""
    node: str = field(default_factory=_machine_name)
    hubs: tuple = ()
    pushgateway: Optional[str] = None
    push_interval: float = 15.0
    failover: FailoverOptions = FailoverOptions()
    nats: NatsOptions = NatsOptions()
    spool: SpoolOptions = SpoolOptions()
    health_port: Optional[int] = None
    health_host: str = "127.0.0.1"
    tls_config: Optional[TlsConfig] = None
    basic_auth: Optional[BasicAuth] = None
    # The health listener's web config (TLS, basic auth), read and checked when the config is loaded.
    web_config_file: Optional[str] = None
    web_config: Optional[object] = field(default=None, compare=False, repr=False)
    config: Optional[ConfigSection] = field(default=None, compare=False, repr=False)

    def validate(self) -> "AgentOptions":
        """Raises :class:`AgentConfigError` naming the bad key, or returns a copy with every default applied
        (hub URLs canonical, spool directory, NATS subjects)."""
        _require(bool(self.name and self.name.strip()), "agent.name", "is required")
        _require(bool(self.node and self.node.strip()), "agent.node", "must not be empty")
        _require(len(self.hubs) > 0, "hub_endpoints", "needs at least one hub (primary)")
        names, hubs = set(), []
        for hub in self.hubs:
            key = "hub_endpoints." + hub.name
            _require(hub.name not in names, key, "is listed twice")
            names.add(hub.name)
            hubs.append(HubEndpoint(hub.name, _require_http(hub.url, key)))
        pushgateway = None if self.pushgateway is None else _require_http(self.pushgateway, "hub_endpoints.pushgateway")
        _require_positive(self.push_interval, "push_interval")
        f = self.failover
        _require_positive(f.health_check_interval, "failover_config.health_check_interval")
        _require_positive(f.recovery_timeout, "failover_config.recovery_timeout")
        _require_positive(f.push_timeout, "failover_config.push_timeout")
        _require_positive(f.recovery_backoff, "failover_config.recovery_backoff")
        _require_positive(f.push_timeout_min, "failover_config.push_timeout_min")
        _require(f.push_timeout_max >= f.push_timeout_min, "failover_config.push_timeout_max", "must not be below push_timeout_min")
        _require(1 <= f.push_timeout_factor <= 100, "failover_config.push_timeout_factor", "must be between 1 and 100")
        _require(50 <= f.push_timeout_percentile <= 100, "failover_config.push_timeout_percentile", "must be between 50 and 100")
        _require(8 <= f.latency_window <= 4096, "failover_config.latency_window", "must be between 8 and 4096")
        _require(1 <= f.latency_min_samples <= f.latency_window, "failover_config.latency_min_samples", "must be between 1 and latency_window")
        _require(f.retry_backoff >= 0, "failover_config.retry_backoff", "must not be negative")
        _require(1 <= f.max_retries <= 100, "failover_config.max_retries", "must be between 1 and 100")
        _require(1 <= f.failover_threshold <= 100, "failover_config.failover_threshold", "must be between 1 and 100")
        _require(1 <= f.recovery_successes <= 100, "failover_config.recovery_successes", "must be between 1 and 100")
        _require(1 <= f.backoff_multiplier <= 100, "failover_config.backoff_multiplier", "must be between 1 and 100")
        _require(self.spool.max_batches >= 1, "spool.max_batches", "must be at least 1")
        _require(self.spool.max_bytes >= 1024, "spool.max_bytes", "must be at least 1024")
        _require(self.health_port is None or 0 <= self.health_port <= 65535, "health_port", "must be a TCP port (0-65535)")
        _require(urlsplit(self.nats.url).scheme in ("nats", "tls", "ws", "wss"), "nats.nats_url", "must be a nats:// URL")
        t = self.tls_config
        _require(t is None or (t.cert_file is None) == (t.key_file is None), "tls_config.cert_file", "cert_file and key_file go together")
        b = self.basic_auth
        _require(b is None or bool(b.username), "basic_auth.username", "is required")
        _require(b is None or b.password is None or b.password_file is None, "basic_auth.password_file", "cannot be given with basic_auth.password")
        spool_path = self.spool.path or os.path.join(_local_app_data(), "dualhub", "spool", _safe_file_name(self.name) + "-" + _safe_file_name(self.node))
        return dataclasses.replace(
            self,
            hubs=tuple(hubs),
            pushgateway=pushgateway,
            spool=dataclasses.replace(self.spool, path=spool_path),
            nats=dataclasses.replace(
                self.nats,
                health_subject=self.nats.health_subject or "observability.health." + self.node,
                metrics_subject=self.nats.metrics_subject or "observability.metrics." + self.node,
            ),
        )


def _require(ok: bool, key: str, problem: str) -> None:
    if not ok:
        raise AgentConfigError(key, f"{key}: {problem}")


def _require_http(url: str, key: str) -> str:
    normalized = normalize_url(url)
    _require(normalized is not None, key, "must be an absolute http:// or https:// URL")
    return normalized


def _require_positive(value: float, key: str) -> None:
    _require(value > 0, key, f"must be greater than 0 (got {format_number(value)} s)")


def _local_app_data() -> str:
    # .NET's LocalApplicationData on Linux: $XDG_DATA_HOME, else ~/.local/share.
    return os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")


def _safe_file_name(s: str) -> str:
    # A label never becomes a path as is: anything but [A-Za-z0-9_.-] is replaced.
    name = "".join(c if (c.isascii() and c.isalnum()) or c in "_-." else "_" for c in s)
    return name if name.strip(".") else "agent"


def load_config(path: str, agent_sections: Sequence[str] = (), environment: Optional[Callable[[str], Optional[str]]] = None) -> AgentOptions:
    """Reads ``path``; ``agent_sections`` are the extra top-level keys the agent reads itself (through ``.config``).
    Returns the validated options with every default applied."""
    try:
        size = os.path.getsize(path)
    except OSError:
        raise AgentConfigError("", f"{path}: config file not found") from None
    if not os.path.isfile(path):
        raise AgentConfigError("", f"{path}: config file not found")
    if size > MAX_CONFIG_BYTES:
        raise AgentConfigError("", f"{path}: config file is larger than {MAX_CONFIG_BYTES} bytes")
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    return parse_config(text, path, agent_sections, environment)


def parse_config(text: str, source: str = "config", agent_sections: Sequence[str] = (), environment: Optional[Callable[[str], Optional[str]]] = None) -> AgentOptions:
    """Parses YAML text; ``source`` names it in errors."""
    environment = environment or os.environ.get
    root_node = _compose(text, source)
    if not isinstance(root_node, yaml.MappingNode):
        raise AgentConfigError("", f"{source}: the config must be a YAML mapping with at least 'agent' and 'hub_endpoints'")
    root = ConfigSection(root_node, "", source)
    root.reject_unknown(*COMMON_KEYS, *agent_sections)

    agent = root.get_section("agent")
    if agent is None:
        raise root.missing("agent")
    agent.reject_unknown("name", "node")
    values = {"name": agent.get_required_string("name"), "config": root}
    node = agent.get_string("node")
    if node is not None:
        values["node"] = node

    hubs, pushgateway = _read_hubs(root)
    override = environment(HUB_URL_VARIABLE)
    if override and override.strip():
        url = normalize_url(override.strip())
        if url is None:
            raise AgentConfigError(HUB_URL_VARIABLE, f"{HUB_URL_VARIABLE}: '{override}' is not an absolute http:// or https:// URL")
        hubs[0] = HubEndpoint(hubs[0].name, url)
    values.update(hubs=tuple(hubs), pushgateway=pushgateway)

    push_interval = root.get_duration("push_interval")
    if push_interval is not None:
        values["push_interval"] = push_interval
    failover = {}
    top_timeout = root.get_duration("push_timeout")
    if top_timeout is not None:
        failover["push_timeout"] = top_timeout
    fc = root.get_section("failover_config")
    if fc is not None:
        fc.reject_unknown(*FAILOVER_KEYS)
        # Read in the C# loader's order, so a file with several bad keys reports the same one first.
        readers = (
            ("health_check_interval", fc.get_duration), ("max_retries", lambda k: fc.get_int(k, 1, 100)),
            ("failover_threshold", lambda k: fc.get_int(k, 1, 100)), ("recovery_timeout", fc.get_duration),
            ("push_timeout", fc.get_duration), ("retry_backoff", fc.get_duration), ("adaptive_timeout", fc.get_bool),
            ("push_timeout_min", fc.get_duration), ("push_timeout_max", fc.get_duration),
            ("push_timeout_factor", lambda k: fc.get_float(k, 1, 100)),
            ("push_timeout_percentile", lambda k: fc.get_float(k, 50, 100)),
            ("latency_window", lambda k: fc.get_int(k, 8, 4096)), ("latency_min_samples", lambda k: fc.get_int(k, 1, 4096)),
            ("recovery_backoff", fc.get_duration), ("backoff_multiplier", lambda k: fc.get_float(k, 1, 100)),
            ("recovery_successes", lambda k: fc.get_int(k, 1, 100)),
        )
        for key, read in readers:
            v = read(key)
            if v is not None:
                failover[key] = v
    values["failover"] = FailoverOptions(**failover)
    values["nats"] = _read_nats(root)

    sp = root.get_section("spool")
    if sp is not None:
        sp.reject_unknown("path", "max_batches", "max_bytes")
        spool = {}
        for key, v in (("path", sp.get_string("path")), ("max_batches", sp.get_int("max_batches", 1, _INT_MAX)), ("max_bytes", sp.get_int("max_bytes", 1024))):
            if v is not None:
                spool[key] = v
        values["spool"] = SpoolOptions(**spool)
    port = root.get_int("health_port", 0, 65535)
    if port is not None:
        values["health_port"] = port
    host = root.get_string("health_host")
    if host is not None:
        values["health_host"] = host
    directory = os.path.dirname(os.path.abspath(source))
    web = root.get_string("web_config_file")
    if web:
        from .webconfig import load_web_config  # it builds on this module's sections
        values["web_config_file"] = os.path.normpath(os.path.join(directory, web))
        values["web_config"] = load_web_config(values["web_config_file"])
    _read_client_security(root, values, directory)
    # A bad value fails the load, not the agent's start.
    return AgentOptions(**values).validate()


class _Loader(yaml.SafeLoader):
    """Composes nodes only (values stay text, as the C# SDK reads them) and refuses duplicate keys."""

    def compose_mapping_node(self, anchor):
        node = super().compose_mapping_node(anchor)
        seen = set()
        for k, _ in node.value:
            if isinstance(k, yaml.ScalarNode):
                if k.value in seen:
                    raise yaml.MarkedYAMLError(problem=f"duplicate key '{k.value}'", problem_mark=k.start_mark)
                seen.add(k.value)
        return node


def _compose(text: str, source: str):
    try:
        docs = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as ex:
        mark = ex.problem_mark or ex.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise AgentConfigError("", f"{source}:{line}: invalid YAML: {ex.problem or ex.context}") from ex
    except yaml.YAMLError as ex:
        raise AgentConfigError("", f"{source}:0: invalid YAML: {ex}") from ex
    return docs[0] if docs else None


def _read_hubs(root: ConfigSection):
    node = root.find("hub_endpoints")
    if node is None:
        raise root.missing("hub_endpoints")
    hubs = []
    pushgateway = None
    if isinstance(node, yaml.MappingNode):
        m = root.get_section("hub_endpoints")
        order = {"primary": 0, "fallback": 1}
        keys = sorted((k for k in m.keys if k != "pushgateway"), key=lambda k: order.get(k, 2))
        hubs = [HubEndpoint(k, m.get_http_url(k)) for k in keys]
        pushgateway = m.get_http_url("pushgateway")
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            key = f"hub_endpoints[{i}]"
            default = {0: "primary", 1: "fallback"}.get(i, f"hub{i + 1}")
            if isinstance(item, yaml.MappingNode):
                s = ConfigSection(item, key, root._source)
                s.reject_unknown("name", "url")
                url = s.find("url")
                if url is None:
                    raise root.error(item, key + ".url", "is required")
                hubs.append(HubEndpoint(_first(s.get_string("name"), default), root.parse_http_url(url, key + ".url")))
            else:
                hubs.append(HubEndpoint(default, root.parse_http_url(item, key)))
    else:
        raise root.error(node, "hub_endpoints", "must be a mapping (primary, fallback, pushgateway) or a list of URLs")
    if not hubs:
        raise root.error(node, "hub_endpoints", "needs at least one hub (primary)")
    return hubs, pushgateway


def _read_client_security(root: ConfigSection, values: dict, directory: str) -> None:
    """``tls_config`` and ``basic_auth`` as the C# SDK reads them; relative file names from the config's directory."""
    def path(s: ConfigSection, key: str) -> Optional[str]:
        v = s.get_string(key)
        return None if v is None else os.path.normpath(os.path.join(directory, v))

    tls = root.get_section("tls_config")
    if tls is not None:
        tls.reject_unknown("ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify")
        values["tls_config"] = TlsConfig(path(tls, "ca_file"), path(tls, "cert_file"), path(tls, "key_file"),
                                         tls.get_string("server_name"), bool(tls.get_bool("insecure_skip_verify")))
    auth = root.get_section("basic_auth")
    if auth is not None:
        auth.reject_unknown("username", "password", "password_file")
        values["basic_auth"] = BasicAuth(auth.get_required_string("username"), auth.get_string("password"), path(auth, "password_file"))


def _read_nats(root: ConfigSection) -> NatsOptions:
    n = root.get_section("nats")
    if n is not None:
        n.reject_unknown("nats_url", "url", "health_subject", "metrics_subject", "enabled")
    values = {}
    enabled = n.get_bool("enabled") if n is not None else None
    if enabled is not None:
        values["enabled"] = enabled
    url = _first(n.get_string("nats_url") if n is not None else None, n.get_string("url") if n is not None else None, root.get_string("nats_url"))
    urls = []
    for one in (u.strip() for u in (url or "").split(",")):
        if not one:
            continue
        parts = urlsplit(one)
        if not parts.scheme or not (parts.netloc or parts.path):
            raise AgentConfigError("nats.nats_url", f"nats.nats_url: '{one}' is not a URL")
        urls.append(one)
    if urls:
        values.update(url=urls[0], urls=tuple(urls))
    for key in ("health_subject", "metrics_subject"):
        v = _first(n.get_string(key) if n is not None else None, root.get_string(key))
        if v is not None:
            values[key] = v
    return NatsOptions(**values)


def _first(*values):
    """The first value that is not None (C#'s ``??``: an empty string counts)."""
    return next((v for v in values if v is not None), None)
