#!/usr/bin/env bash
# Coverage-guided fuzzing of one parser with AFL++ on a SharpFuzz-instrumented build, then corpus minimization.
#   [DUALHUB_FUZZ_SCOPE=all|own] fuzz/fuzz.sh TARGET [SECONDS]   (targets: text openmetrics protobuf remote-write remote-write-proto
#                                     grouping-key hub-config agent-config)
# Seeds and result: tests/fuzz-corpus/TARGET (replaced by the minimized union of itself and AFL's queue).
# Crashes and hangs stay in $DUALHUB_FUZZ_DIR/out/TARGET (default /tmp/dualhub-fuzz); replay one on a build that is
# not instrumented (an instrumented one needs AFL++'s shared memory and dies without it):
#   dotnet run --project fuzz/DualHub.Fuzz -c Release -- TARGET replay FILE
# Needs afl++ (apt-get install afl++) and the dotnet tool SharpFuzz.CommandLine; neither is needed by ./test.sh.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=${1:?usage: fuzz/fuzz.sh TARGET [SECONDS]}
seconds=${2:-300}
work=${DUALHUB_FUZZ_DIR:-/tmp/dualhub-fuzz}
corpus="$root/tests/fuzz-corpus/$target"
[ -d "$corpus" ] || { echo "no seed corpus at $corpus" >&2; exit 2; }
# shellcheck source=../eng/prereqs.sh
. "$root/eng/prereqs.sh"
declare -A DUALHUB_FUZZ_PKGS=([afl-fuzz]=afl++)
dualhub_ensure_packages DUALHUB_FUZZ_PKGS
sharpfuzz=$(command -v sharpfuzz || echo "$HOME/.dotnet/tools/sharpfuzz")
[ -x "$sharpfuzz" ] || dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0 >/dev/null

# Two instrumented copies of one build. "all" instruments DualHub's parser assemblies and the libraries they call into;
# "own" only DualHub's, so AFL++ counts paths through DualHub's code alone (DUALHUB_FUZZ_SCOPE=own; fuzz/README.md says
# why the YAML targets use it). The minimizer always uses "all", so the corpus keeps what reaches library code too.
scope=${DUALHUB_FUZZ_SCOPE:-all}
case "$scope" in all|own) ;; *) echo "DUALHUB_FUZZ_SCOPE must be all or own, not '$scope'" >&2; exit 2 ;; esac
own_dlls="DualHub.Core DualHub.Metrics DualHub.Hub DualHub.Client"
mkdir -p "$work"
if [ ! -f "$work/bin/.instrumented" ] || [ ! -f "$work/bin-own/.instrumented" ]; then
  rm -rf "$work/bin" "$work/bin-own"
  dotnet publish "$root/fuzz/DualHub.Fuzz" -c Release -o "$work/bin" -nologo -v:q "-clp:ErrorsOnly;NoSummary"
  cp -r "$work/bin" "$work/bin-own"
  for dll in $own_dlls; do
    "$sharpfuzz" "$work/bin/$dll.dll"
    "$sharpfuzz" "$work/bin-own/$dll.dll"
  done
  for dll in YamlDotNet Snappier Google.Protobuf; do
    "$sharpfuzz" "$work/bin/$dll.dll"
  done
  touch "$work/bin/.instrumented" "$work/bin-own/.instrumented"
fi
bin="$work/bin"
[ "$scope" = own ] && bin="$work/bin-own"

# AFL++ cannot see the string comparisons in .NET code (its LLVM passes extract them from C), so the YAML targets get
# a dictionary of the words their loaders look for: every identifier-like string literal in their folders; and one of
# YAML's syntax (fuzz/yaml.dict), so mutations build anchors, tags, block scalars and odd line breaks sooner.
dict=()
case "$target" in
  hub-config) dirs="src/DualHub.Hub/Options src/DualHub.Hub/PrometheusConfig src/DualHub.Metrics/Durations src/DualHub.Core/Yaml" ;;
  agent-config) dirs="src/DualHub.Client/Options src/DualHub.Metrics/Durations src/DualHub.Core/Yaml" ;;
  *) dirs="" ;;
esac
if [ -n "$dirs" ]; then
  # shellcheck disable=SC2086 # the folder list splits on purpose
  (cd "$root" && find $dirs -name '*.cs' -exec grep -ohE '"[A-Za-z][A-Za-z0-9_]{1,40}"' {} +) | sort -u \
    | awk '{ printf "w%d=%s\n", NR, $0 }' > "$work/$target.dict"
  dict=(-x "$work/$target.dict" -x "$root/fuzz/yaml.dict")
fi

out="$work/out/$target"
rm -rf "$out" && mkdir -p "$work/out"
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
timeout --signal=INT "$seconds" afl-fuzz -i "$corpus" -o "$out" "${dict[@]}" -t 2000 -m none -- dotnet "$bin/DualHub.Fuzz.dll" "$target" \
  > "$work/$target.log" 2>&1 || true

stats="$out/default/fuzzer_stats"
get() { sed -n "s/^$1 *: *//p" "$stats"; }
crashes=$(find "$out/default/crashes" -type f -name 'id:*' | wc -l)
hangs=$(find "$out/default/hangs" -type f -name 'id:*' | wc -l)
now=$(get last_update)
echo "$target ($scope): $(get run_time)s, $(get execs_done) execs ($(get execs_per_sec)/s), $(get corpus_count) paths," \
  "last new path $(( now - $(get last_find) ))s before the end, $crashes crashes, $hangs hangs"
# SharpFuzz's target is its own fork server: a hang past -t or a dead process ends afl-fuzz itself, which saves nothing
# then; the input it was running is the finding.
if [ "$(get run_time)" -lt $(( seconds - 120 )) ]; then
  cp "$out/default/.cur_input" "$work/$target.stopped-input"
  echo "$target: afl-fuzz stopped after $(get run_time)s of ${seconds}s ($work/$target.log); the input it was running: $work/$target.stopped-input"
fi

# AFL++'s paths also grow when a loop runs a new number of times; the plateau that matters is when no input reaches
# code (an edge in the instrumented assemblies) that the seeds and earlier inputs did not.
dotnet "$bin/DualHub.Fuzz.dll" "$target" growth "$corpus" "$out/default/queue" 600 | tail -1

min="$work/min/$target"
rm -rf "$min"
dotnet "$work/bin/DualHub.Fuzz.dll" "$target" cmin "$min" "$corpus" "$out/default/queue" "$out/default/crashes"
rm -rf "$corpus" && mkdir -p "$corpus" && cp "$min"/* "$corpus"/
