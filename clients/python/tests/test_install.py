"""`pip install ./clients/python` works offline with nothing but Debian's packages: a venv with --system-site-packages
(prometheus_client and PyYAML from python3-prometheus-client and python3-yaml), --no-build-isolation --no-index (the
system setuptools builds it; no network), and the installed example agent runs outside the source tree."""

import os
import shutil
import subprocess
import sys

from conftest import PACKAGE_ROOT


def test_pip_install_into_a_venv_offline_and_run_the_example(tmp_path):
    # A copy: setuptools builds in the source folder (build/, *.egg-info), which must stay clean.
    source = tmp_path / "source"
    shutil.copytree(PACKAGE_ROOT, source, ignore=shutil.ignore_patterns("tests", "build", "*.egg-info", "__pycache__", ".pytest_cache"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, capture_output=True, timeout=120)
    python = str(venv / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PIP_NO_CACHE_DIR"] = "1"
    r = subprocess.run([python, "-m", "pip", "install", "--no-build-isolation", "--no-index", "--quiet", str(source)],
                       capture_output=True, text=True, env=env, timeout=170, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr

    r = subprocess.run([python, "-c", "import dualhub_client; print(dualhub_client.__file__)"], capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path)
    assert r.stdout.strip().startswith(str(venv)), r.stdout + r.stderr  # the installed copy, not the source tree

    bad = tmp_path / "agent.yaml"
    bad.write_text("agent: { name: x }\nhub_endpoints: { primary: http://127.0.0.1:1 }\nfailover_config: { max_retries: lots }\n")
    r = subprocess.run([python, "-m", "dualhub_client.example", "--config", str(bad)], capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "agent.yaml:3: failover_config.max_retries: 'lots' is not an integer" in r.stderr
