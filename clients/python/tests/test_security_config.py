"""tls_config and basic_auth in the agent YAML, read as the C# SDK reads them (docs/security.md)."""

import os

import pytest

from dualhub_client.config import AgentConfigError, parse_config

BASE = 'agent: { name: a, node: n1 }\nhub_endpoints: { primary: "https://127.0.0.1:9100" }\n'


def test_tls_config_and_basic_auth_are_read_with_paths_from_the_config_directory(tmp_path):
    source = str(tmp_path / "agent.yaml")
    o = parse_config(BASE + "tls_config: { ca_file: ca.pem, cert_file: c.pem, key_file: c.key, server_name: hub }\n"
                     "basic_auth: { username: u, password_file: pw }\n", source)
    assert o.tls_config.ca_file == os.path.join(str(tmp_path), "ca.pem")
    assert o.tls_config.server_name == "hub"
    assert o.basic_auth.username == "u"
    assert o.basic_auth.password_file == os.path.join(str(tmp_path), "pw")


def test_cert_without_key_is_an_error_naming_the_key():
    with pytest.raises(AgentConfigError, match="tls_config.cert_file"):
        parse_config(BASE + "tls_config: { cert_file: c.pem }\n", "agent.yaml")
