#!/usr/bin/env bash
# What TLS with a client certificate and basic auth costs a push: prometheus-pushgateway 1.5.1 and DualHub (native),
# each plain and with the same web config (`render --secure`'s), side by side in one run.
# Usage: bench/tls-put-compare.sh          PUTS=200 CONNS=50 bench/tls-put-compare.sh for a quick run
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/eng/prereqs.sh"
dualhub=$(dualhub_bench_binary "$root")  # native, as ./dualhub runs it; DUALHUB_JIT=1 for the JIT build
exec /usr/bin/python3 "$root/bench/tls-put-compare.py" "$dualhub"
