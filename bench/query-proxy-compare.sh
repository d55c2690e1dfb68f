#!/usr/bin/env bash
# Query latency through CentralHub :9000 vs straight to the store (VictoriaMetrics single node), the same queries
# alternating. See query-proxy-compare.py for what is measured.
# Usage: bench/query-proxy-compare.sh                  (100k series x 61 samples 60 s apart, 50 requests per path)
#        SERIES=20000 REPEAT=20 bench/query-proxy-compare.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/eng/prereqs.sh"
sender="$root/artifacts/bin/DualHub.Benchmarks/release/DualHub.Benchmarks.dll"
dotnet build "$root/bench/DualHub.Benchmarks/DualHub.Benchmarks.csproj" -c Release -nologo -v:q "-clp:ErrorsOnly;NoSummary" >&2
# The hub native, as ./dualhub runs it; DUALHUB_JIT=1 for the JIT build.
exec /usr/bin/python3 "$root/bench/query-proxy-compare.py" "$(dualhub_bench_binary "$root")" "$sender"
