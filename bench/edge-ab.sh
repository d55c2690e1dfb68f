#!/usr/bin/env bash
# Two dualhub builds (e.g. before and after a change) as edges, side by side: both scrape one target of SERIES gauges
# every INTERVAL s and remote-write into one victoria-metrics; prints the CPU per delivered sample of each. Run it
# twice with the order swapped. Usage: bench/edge-ab.sh BINARY_A BINARY_B   (SERIES=100000 INTERVAL=5 DURATION=150)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -eq 2 ] || { echo "usage: $0 BINARY_A BINARY_B" >&2; exit 2; }
exec /usr/bin/python3 "$root/bench/edge-ab.py" "$1" "$2"
