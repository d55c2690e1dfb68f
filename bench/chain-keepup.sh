#!/usr/bin/env bash
# The whole chain (target -> EdgeHub -> CentralHub -> VictoriaMetrics store) at the edge-compare load: does the store
# keep up, and samples per CPU-second of the chain. See chain-keepup.py.
# Usage: bench/chain-keepup.sh                      (100k series every 1 s, 120 s measured)
#        SERIES=20000 DURATION=60 bench/chain-keepup.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/eng/prereqs.sh"
# The hub native, as ./dualhub runs it; DUALHUB_JIT=1 for the JIT build.
exec /usr/bin/python3 "$root/bench/chain-keepup.py" "$(dualhub_bench_binary "$root")"
