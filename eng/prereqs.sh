# Sourced by ./dualhub and ./test.sh: installs the Debian packages DualHub needs when they are missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.

# Binaries DualHub runs, and the Debian package that ships each.
declare -A DUALHUB_RUNTIME_PKGS=(
  [nats-server]=nats-server
  [curl]=curl
  # setpriv --pdeathsig: nats-server started by `dualhub up` dies with it, even on SIGKILL (util-linux is Essential)
  [setpriv]=util-linux
  # CentralHub's store and the alerting pair `dualhub up` supervises (vmalert ships with victoria-metrics)
  [victoria-metrics]=victoria-metrics
  [vmalert]=victoria-metrics
  [prometheus-alertmanager]=prometheus-alertmanager
)
# What building the native (NativeAOT) dualhub binary needs: the platform linker (clang; it brings binutils' objcopy,
# which strips the symbols into dualhub.dbg).
declare -A DUALHUB_BUILD_PKGS=(
  [clang]=clang
  [objcopy]=binutils
)
# What the tests add: the anchors DualHub must interoperate with and beat.
declare -A DUALHUB_TEST_PKGS=(
  [nats-server]=nats-server
  [prometheus]=prometheus
  # real clients of CentralHub's query API
  [promtool]=prometheus
  [prometheus-pushgateway]=prometheus-pushgateway
  [victoria-metrics]=victoria-metrics
  [vmagent]=victoria-metrics
  # the alert path end to end (tests/DualHub.IntegrationTests/Alerts); promtool for deploy/rules comes with prometheus
  [vmalert]=victoria-metrics
  [prometheus-alertmanager]=prometheus-alertmanager
  [ip]=iproute2
  # tc netem: the two-machine test's slow lossy link and its partitions (TwoMachineNetnsTests)
  [tc]=iproute2
  [curl]=curl
  [setpriv]=util-linux
  # `docker-compose config` checks the rendered docker-compose.yml files offline (no Docker engine needed)
  [docker-compose]=docker-compose
  # the console's browser tests drive Debian's Chromium through its chromedriver (no browser download)
  [chromium]=chromium
  [chromedriver]=chromium-driver
)
# Python modules the tests import with /usr/bin/python3 (clients/python and its tests), and the Debian package of each.
declare -A DUALHUB_TEST_PYTHON_PKGS=(
  [prometheus_client]=python3-prometheus-client
  [yaml]=python3-yaml
  [pytest]=python3-pytest
  # the health listener's basic_auth_users (clients/python/dualhub_client/webconfig.py)
  [bcrypt]=python3-bcrypt
  # clients/python/tests/test_health_tls.py: the test's own CA and certificates
  [cryptography]=python3-cryptography
  # clients/python/tests/test_install.py: `pip install ./clients/python` in a venv, offline
  [ensurepip]=python3-venv
  [setuptools]=python3-setuptools
  [wheel]=python3-wheel
)
# Python modules the example agent of `dualhub up --python-agent` imports (clients/python/dualhub_client).
declare -A DUALHUB_AGENT_PYTHON_PKGS=(
  [prometheus_client]=python3-prometheus-client
  [yaml]=python3-yaml
  [bcrypt]=python3-bcrypt
)

dualhub_missing_packages() { # name of an associative array: binaries, or Python modules when it ends in _PYTHON_PKGS
  local -n pkgs=$1
  local missing=() bin module
  if [[ $1 == *_PYTHON_PKGS ]]; then
    for module in "${!pkgs[@]}"; do
      /usr/bin/python3 -c "import $module" >/dev/null 2>&1 || missing+=("${pkgs[$module]}")
    done
  else
    for bin in "${!pkgs[@]}"; do
      command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/bin/$bin" ] || [ -x "/usr/sbin/$bin" ] || missing+=("${pkgs[$bin]}")
    done
  fi
  printf '%s\n' "${missing[@]}" | sort -u | sed '/^$/d'
}

dualhub_ensure_packages() { # name of an associative array
  local missing
  missing=$(dualhub_missing_packages "$1" | tr '\n' ' ')
  missing=${missing% }
  [ -z "$missing" ] && return 0
  local cmd="apt-get install -y --no-install-recommends $missing"
  if [ "$(id -u)" -ne 0 ]; then
    echo "dualhub: missing Debian packages. Run as root:" >&2
    echo "  apt-get update && $cmd" >&2
    return 1
  fi
  echo "dualhub: installing $missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Debian's packages start their services on install; DualHub runs its own processes on its own ports.
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created=1; fi
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >&2
  local rc=$?
  [ "$created" = 1 ] && rm -f "$policy"
  return $rc
}

dualhub_require_dotnet() {
  command -v dotnet >/dev/null 2>&1 && return 0
  echo "dualhub: the .NET 10 SDK is required (dotnet not on PATH)" >&2
  return 1
}

# The native dualhub binary: `dotnet publish` of the CLI as NativeAOT (docs/benchmarks.md: an idle hub needs half the
# memory of the same hub on the JIT runtime). Prints the binary's path; the build's own errors go to stderr.
dualhub_native_path() { echo "$1/artifacts/publish/DualHub.Cli/release_linux-x64/dualhub"; }

dualhub_publish_native() { # repository root
  local log
  log=$(mktemp)
  if ! dotnet publish "$1/src/DualHub.Cli/DualHub.Cli.csproj" -c Release -r linux-x64 -nologo -v:q >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; return 1
  fi
  rm -f "$log"
  dualhub_native_path "$1"
}

# The dualhub a benchmark runs: the native binary, as ./dualhub runs it; with DUALHUB_JIT=1 the JIT build (dualhub.dll).
dualhub_bench_binary() { # repository root
  if [ -n "${DUALHUB_JIT:-}" ]; then
    dotnet build "$1/src/DualHub.Cli/DualHub.Cli.csproj" -c Release -nologo -v:q "-clp:ErrorsOnly;NoSummary" >&2 || return 1
    echo "$1/artifacts/bin/DualHub.Cli/release/dualhub.dll"
  else
    dualhub_ensure_packages DUALHUB_BUILD_PKGS && dualhub_publish_native "$1"
  fi
}
