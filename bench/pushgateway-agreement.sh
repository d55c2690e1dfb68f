#!/usr/bin/env bash
# Push API agreement with prometheus-pushgateway 1.5.1 on mutated fuzz-corpus inputs (tests/fuzz-corpus).
# Usage: bench/pushgateway-agreement.sh            (N=3000 mutated pushes, SEED=1)
#        N=500 SEED=7 DUALHUB_JIT=1 bench/pushgateway-agreement.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/eng/prereqs.sh"
dualhub=$(dualhub_bench_binary "$root")  # native, as ./dualhub runs it; DUALHUB_JIT=1 for the JIT build
exec /usr/bin/python3 "$root/bench/pushgateway-agreement.py" "$dualhub" "$root/tests/fuzz-corpus"
