#!/usr/bin/env bash
# Edge forwarding benchmark: DualHub edge vs vmagent 1.79 vs Prometheus 2.42 agent, side by side in one run.
# All three scrape the same target (SERIES active series, every INTERVAL s) and remote-write into one
# victoria-metrics receiver (each with its own external label `agent`).
# Usage: bench/edge-compare.sh                      (100k series, 10 s interval, 150 s measured after 30 s warm-up)
#        SERIES=20000 DURATION=60 bench/edge-compare.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dotnet build "$root/src/DualHub.Cli/DualHub.Cli.csproj" -c Release -nologo -v:q "-clp:ErrorsOnly;NoSummary" >&2
exec /usr/bin/python3 "$root/bench/edge-compare.py" "$root/artifacts/bin/DualHub.Cli/release/dualhub.dll"
