"""The shared scenarios (tests/scenarios/*.yaml) against the Python client: real `dualhub hub` processes, the real
Pushgateway, the example agent as its own process. The C# SDK runs the same files (ScenarioTests)."""

import glob
import os
import sys

import pytest
import yaml

from conftest import PACKAGE_ROOT, REPO_ROOT
from scenario_runner import PUSHGATEWAY, ScenarioRunner, dualhub_command

FILES = sorted(f for f in glob.glob(os.path.join(REPO_ROOT, "tests", "scenarios", "*.yaml")) if not f.endswith("-cases.yaml"))
DUALHUB = dualhub_command(REPO_ROOT)


@pytest.mark.parametrize("path", FILES, ids=[os.path.basename(f)[:-5] for f in FILES])
def test_scenario_against_the_python_client(path, monkeypatch):
    if DUALHUB is None:
        pytest.skip("no dualhub build: set DUALHUB_EXE or build src/DualHub.Cli")
    if not os.path.exists(PUSHGATEWAY):
        pytest.skip(PUSHGATEWAY + " missing (Debian prometheus-pushgateway)")
    with open(path, encoding="utf-8") as f:
        scenario = yaml.safe_load(f)
    monkeypatch.setenv("PYTHONPATH", PACKAGE_ROOT)
    runner = ScenarioRunner(scenario, [sys.executable, "-m", "dualhub_client.example", "--log-level", "debug", "--config"], DUALHUB)
    runner.run()
