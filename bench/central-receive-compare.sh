#!/usr/bin/env bash
# Central remote-write receive benchmark: DualHub central hub vs Prometheus 2.42's receiver and VictoriaMetrics single node (the store), the same pre-encoded load
# into each, one after the other, in one run. See central-receive-compare.py for what is measured.
# Usage: bench/central-receive-compare.sh                       (100k series x 10 rounds, 2000 per request, 4 senders)
#        SERIES=20000 ROUNDS=5 CONCURRENCY=2 bench/central-receive-compare.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/eng/prereqs.sh"
dualhub=$(dualhub_bench_binary "$root")  # native, as ./dualhub runs it; DUALHUB_JIT=1 for the JIT build
dotnet build "$root/bench/DualHub.Benchmarks/DualHub.Benchmarks.csproj" -c Release -nologo -v:q "-clp:ErrorsOnly;NoSummary" >&2
exec /usr/bin/python3 "$root/bench/central-receive-compare.py" \
  "$dualhub" "$root/artifacts/bin/DualHub.Benchmarks/release/DualHub.Benchmarks.dll"
