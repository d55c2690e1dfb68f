#!/usr/bin/env bash
# The one test command: installs what is missing, builds, runs every test project,
# and ends with the line "N passed, N failed, N skipped" (non-zero exit on any failure).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"
. eng/prereqs.sh
dualhub_require_dotnet || exit 1
dualhub_ensure_packages DUALHUB_TEST_PKGS || exit 1
dualhub_ensure_packages DUALHUB_TEST_PYTHON_PKGS || exit 1
dualhub_ensure_packages DUALHUB_BUILD_PKGS || exit 1

dotnet build DualHub.sln -c Release -nologo -v:q "-clp:ErrorsOnly;NoSummary" || { echo "0 passed, 1 failed"; exit 1; }
# The integration tests run the native binary users run (./dualhub), not the JIT build.
DUALHUB_EXE=$(dualhub_publish_native "$root") || { echo "0 passed, 1 failed"; exit 1; }
export DUALHUB_EXE

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
filter=()
[ -n "${DUALHUB_TEST_FILTER:-}" ] && filter=(--filter "$DUALHUB_TEST_FILTER")
rc=0
for proj in tests/*Tests/*.csproj; do
  name=$(basename "$proj" .csproj)
  echo "== $name"
  dotnet test "$proj" -c Release --no-build -nologo -v:q \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" "${filter[@]}" || rc=1
done

# The Python client's tests (clients/python): same totals, from pytest's JUnit XML.
echo "== clients/python"
pyfilter=()
[ -n "${DUALHUB_PYTEST_FILTER:-}" ] && pyfilter=(-k "$DUALHUB_PYTEST_FILTER")
/usr/bin/python3 -m pytest clients/python/tests -q -p no:cacheprovider --junitxml="$results/python-client.xml" "${pyfilter[@]}" || rc=1

passed=0; failed=0; skipped=0; found=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed); err=$(get error); to=$(get timeout); ab=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${err:-0} + ${to:-0} + ${ab:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
for xml in "$results"/*.xml; do
  [ -f "$xml" ] || continue
  found=1
  suite=$(grep -o '<testsuite [^>]*>' "$xml" | head -1)
  get() { echo "$suite" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  t=$(get tests); f=$(get failures); err=$(get errors); s=$(get skipped)
  passed=$((passed + ${t:-0} - ${f:-0} - ${err:-0} - ${s:-0}))
  failed=$((failed + ${f:-0} + ${err:-0}))
  skipped=$((skipped + ${s:-0}))
done
[ "$found" = 1 ] || { echo "no test results found"; rc=1; }
[ "$failed" -gt 0 ] && rc=1
[ "$rc" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1  # a crashed test host still fails the run
echo "$passed passed, $failed failed, $skipped skipped"
exit $rc
