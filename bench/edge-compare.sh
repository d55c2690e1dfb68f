#!/usr/bin/env bash
# Edge forwarding benchmark: DualHub edge vs vmagent 1.79 vs Prometheus 2.42 agent, side by side in one run.
# All three scrape the same target (SERIES active series, every INTERVAL s) and remote-write into one
# victoria-metrics receiver (each with its own external label `agent`).
# Usage: bench/edge-compare.sh                      (100k series, 10 s interval, 150 s measured after 30 s warm-up)
#        SERIES=20000 DURATION=60 bench/edge-compare.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/eng/prereqs.sh"
dualhub=$(dualhub_bench_binary "$root")  # native, as ./dualhub runs it; DUALHUB_JIT=1 for the JIT build
exec /usr/bin/python3 "$root/bench/edge-compare.py" "$dualhub"
