#!/usr/bin/env bash
# The console's cost: CentralHub's deployment page with 3 agents and SERIES pushed series (default 10000), server time
# (time to first byte on loopback, median of RUNS requests) and page weight with the chart library.
# Usage: bench/console.sh [DUALHUB]   (DUALHUB: the binary, default the Release JIT build; SERIES=10000 RUNS=50)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec /usr/bin/python3 "$root/bench/console.py" "${1:-}"
