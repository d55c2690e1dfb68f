#!/usr/bin/env bash
# Pushgateway role benchmark: prometheus-pushgateway 1.5.1 vs DualHub (Release build), side by side.
# Usage: bench/pushgateway-compare.sh            (sizes 1k,10k,50k,100k,200k)
#        SIZES=1000,10000 PUTS=20 bench/pushgateway-compare.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/eng/prereqs.sh"
dualhub=$(dualhub_bench_binary "$root")  # native, as ./dualhub runs it; DUALHUB_JIT=1 for the JIT build
exec /usr/bin/python3 "$root/bench/pushgateway-compare.py" "$dualhub"
