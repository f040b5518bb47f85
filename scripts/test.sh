#!/usr/bin/env bash
# The project's one test command (README, CI): builds and runs every test suite that can run on this machine.
#
# Order: build everything first, then test, so no test ever runs on stale binaries.
# 1. Restore and build the Pulumi-free solution filter (library, plan command, their tests, benchmarks). A failure
#    stops here.
# 2. Restore and build the Pulumi program's suite (tests/OneQOrder.Infra.Tests). Its Pulumi packages come from the
#    machine's NuGet sources, plus ../shared/pulumi-sdk/feed when that folder exists (given on the command line to both
#    restores; no nuget.config is written). The suite is skipped, and counted as a skipped suite, only when no Pulumi package can
#    be had at all (no feed, and every restore error is "no package with this id", NU1101, for a Pulumi package). Any
#    other restore error (a mistyped version, NU1102; an unreachable source) and any build error stop here.
# 3. Lint .github/workflows with actionlint (scripts/check-workflows.sh; a finding fails the run); check that every
#    mutation of scripts/mutants.txt still applies (scripts/mutants.py --check). Run every suite,
#    each writing a TRX file; checks that need ../shared/ skip themselves with a reason.
# 4. Summarise from the TRX files: each skipped test once, with its reason. A run that changed a golden file fails,
#    naming the files (tests/OneQOrder.Platform.Tests/Golden; UPDATE_GOLDEN=1 is for a developer's `dotnet test`).
#
# The last line is always parseable:
#   tests: N passed, N failed, N skipped     after the suites ran; a skipped suite counts as one skipped (the line
#                                            before it, "skipped suites: K", says which)
#   FAILED: <what> failed ...                                     when a build or restore stopped the run
# The exit code is non-zero on any failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/out/test-results"
rm -rf "$results"
mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Plain MSBuild output, one line per project as it finishes ("X -> path"), instead of the terminal logger's redrawn
# status line, which prints nothing to a log for minutes during a cold build.
msbuild_output=(--nologo -v minimal -tl:off)

# Stops the run: the reason is the last line, the exit code 1.
stop() {
  echo "FAILED: $*"
  exit 1
}

# The projects named in a build log's error lines ("... error CS0103: ... [/path/X.csproj]"), relative to the root.
failed_projects() {
  grep -E ': error [A-Z]+[0-9]+:' "$1" | grep -oE '\[[^][]+\.(cs|fs|vb)proj\]$' | tr -d '[]' | sort -u \
    | sed "s|^$root/||" | paste -sd ' ' - || true
}

# The golden files' content digests, to find any a run changed (by UPDATE_GOLDEN=1 or anything else).
golden=tests/OneQOrder.Platform.Tests/Golden
golden_digest() {
  find "$golden" -type f -name '*.yaml' -print0 | sort -z | xargs -0r sha256sum
}
golden_before=$(golden_digest)

# The NuGet errors of a restore log, one line each (restore repeats an error for every project that references the
# package), with NuGet's indented detail lines ("error NU1102:   - Found 1 version(s) in ...") joined to their error.
restore_errors() {
  grep -oE 'error NU[0-9]+: [^[]*' "$1" | sed 's/ *$//' \
    | awk '/^error NU[0-9]+:   / { sub(/^error NU[0-9]+: +/, ""); line = line " " $0; next }
           { if (line != "") print line; line = $0 }
           END { if (line != "") print line }' | awk '!seen[$0]++' || true
}
restore_failed() { # $1: what, $2: log
  local errors
  errors=$(restore_errors "$2")
  stop "restore of $1 failed: $(echo "${errors:-no NuGet error code; see the output above}" | paste -sd ';' - | sed 's/;/; /g')"
}

echo "== Restore and build: library, plan command, their tests, benchmarks (OneQOrder.Stacks.slnf)"
feed="$(cd "$root/.." && pwd)/shared/pulumi-sdk/feed"
restore_options=()
if [ -d "$feed" ]; then
  # --source replaces the configured sources, so pass the feed and every enabled configured source (whatever this
  # machine restores everything else from; `dotnet nuget list source --format short` prints "E <url>" for those).
  # Both restores below get the same options, so the projects they share keep one restore result and a second run
  # does not rebuild them.
  restore_options+=(--source "$feed")
  while read -r flag source; do
    if [ "$flag" = E ]; then restore_options+=(--source "$source"); fi
  done < <(dotnet nuget list source --format short)
  echo "Pulumi packages: the pinned builds in $feed, everything else from the configured sources"
  # The global packages folder keeps the first copy of a version it ever extracted, and an older local build of a
  # feed package had the same version number. If a cached copy is not the feed's, restore into a private folder so
  # the suite builds against the feed's packages.
  packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
  stale=()
  for nupkg in "$feed"/*.nupkg; do
    name=$(basename "$nupkg" .nupkg)
    id=$(echo "$name" | sed -E 's/\.[0-9]+\.[0-9]+\.[0-9]+([-+].*)?$//' | tr '[:upper:]' '[:lower:]')
    version=${name:${#id}+1}
    cached="$packages/$id/$version/$id.$version.nupkg.sha512"
    if [ -f "$cached" ] && command -v openssl >/dev/null && [ "$(cat "$cached")" != "$(openssl dgst -sha512 -binary "$nupkg" | base64 -w0)" ]; then
      stale+=("$id $version")
    fi
  done
  if [ ${#stale[@]} -gt 0 ]; then
    echo "The global packages folder holds other builds of: ${stale[*]}; restoring into out/nuget-packages instead"
    restore_options+=(--packages "$root/out/nuget-packages")
  fi
else
  echo "Pulumi packages: from the configured sources (no $feed here)"
fi
# The PromQL parse check (tests/OneQOrder.Platform.Tests/Monitoring/PromQlTests.cs) runs Prometheus's own grammar,
# the npm package @prometheus-io/lezer-promql, through node: install exactly the locked versions where node and npm
# exist. Without them (or if the install fails) that test skips with the reason, printed like every skip.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  echo "== PromQL parser: npm ci in tools/promql"
  (cd tools/promql && npm ci --no-audit --no-fund --loglevel=error) || echo "npm ci in tools/promql failed: the PromQL parse check will skip"
else
  echo "PromQL parser: node/npm not found; the PromQL parse check will skip"
fi
restore_log="$results/restore-stacks.log"
if ! dotnet restore OneQOrder.Stacks.slnf "${restore_options[@]}" "${msbuild_output[@]}" 2>&1 | tee "$restore_log"; then
  restore_failed OneQOrder.Stacks.slnf "$restore_log"
fi
build_log="$results/build-stacks.log"
if ! dotnet build OneQOrder.Stacks.slnf -c Release --no-restore "${msbuild_output[@]}" 2>&1 | tee "$build_log"; then
  stop "build of $(failed_projects "$build_log" | grep . || echo OneQOrder.Stacks.slnf) failed (errors above); no test ran"
fi

echo "== Restore and build: the Pulumi program suite (tests/OneQOrder.Infra.Tests)"
pulumi_suite=tests/OneQOrder.Infra.Tests/OneQOrder.Infra.Tests.csproj
suites_skipped=0
run_pulumi_suite=0
restore_log="$results/restore-infra-tests.log"
if [ ! -f "$pulumi_suite" ]; then
  echo "SKIPPED SUITE tests/OneQOrder.Infra.Tests: the project does not exist in this checkout."
  suites_skipped=1
elif dotnet restore "$pulumi_suite" "${restore_options[@]}" "${msbuild_output[@]}" 2>&1 | tee "$restore_log"; then
  build_log="$results/build-infra-tests.log"
  if ! dotnet build "$pulumi_suite" -c Release --no-restore "${msbuild_output[@]}" 2>&1 | tee "$build_log"; then
    stop "build of $(failed_projects "$build_log" | grep . || echo "$pulumi_suite") failed (errors above); no test ran"
  fi
  run_pulumi_suite=1
else
  errors=$(restore_errors "$restore_log")
  not_found_ids=$(echo "$errors" | sed -nE 's/^error NU1101: Unable to find package (Pulumi(\.[A-Za-z]+)*)\. .*/\1/p')
  if [ ! -d "$feed" ] && [ -n "$errors" ] && [ "$(echo "$not_found_ids" | grep -c .)" -eq "$(echo "$errors" | grep -c .)" ]; then
    echo "SKIPPED SUITE tests/OneQOrder.Infra.Tests (Pulumi program, mock tests): no NuGet source of this machine has"
    echo "  any version of $(echo "$not_found_ids" | paste -sd ',' - | sed 's/,/, /g'), and $feed does not exist."
    echo "  Every other suite runs. Run it where the Pulumi packages restore: dotnet test $pulumi_suite"
    suites_skipped=1
  else
    restore_failed "$pulumi_suite" "$restore_log"
  fi
fi

echo "== Test"
status=0
echo "== Workflows (actionlint 1.7.7)"
./scripts/check-workflows.sh || status=1
# The deliberate bugs of the mutation check (docs/mutation-testing.md) must still apply, or a refactor would leave
# mutants.sh measuring nothing; a file format error fails here too.
echo "== Mutations still apply (scripts/mutants.txt)"
if command -v python3 >/dev/null 2>&1; then
  python3 scripts/mutants.py --check || status=1
else
  echo "skipped: no python3 on this machine (scripts/mutants.py needs it)"
fi
run_tests() { # $1: project or solution filter
  # The console logger's minimal verbosity shows each failure's message and stack. Its "  Skipped <test>" lines and
  # xUnit's "[xUnit.net …] <test> [SKIP]" lines (no reason) are dropped: the summary below lists every skipped test
  # once, with its reason.
  dotnet test "$1" -c Release --no-build --nologo \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" 2>&1 \
    | sed -e '/^  Skipped [^ ]/d' -e '/^\[xUnit\.net [^]]*\] .* \[SKIP\]$/d' || status=1
}
run_tests OneQOrder.Stacks.slnf
if [ "$run_pulumi_suite" -eq 1 ]; then
  run_tests "$pulumi_suite"
fi

# Summary from the TRX files: totals, and every skipped test once with its reason. xUnit's skips are results with outcome="NotExecuted" whose
# message is the reason; TRX counts them as total minus executed.
passed=0 failed=0 skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get total) - $(get executed)))
done
if [ "$skipped" -gt 0 ]; then
  echo "== Skipped tests and why"
  for trx in "$results"/*.trx; do
    awk 'BEGIN { RS = "<UnitTestResult " }
         /outcome="NotExecuted"/ {
           name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name); gsub(/&quot;/, "\"", name)
           why = "(no reason given)"
           if (match($0, /<Message>[^<]*<\/Message>/)) why = substr($0, RSTART + 9, RLENGTH - 19)
           print "  skipped " name ": " why
         }' "$trx"
  done
fi
if [ "$passed" -eq 0 ]; then
  echo "FAILED: no test ran"
  status=1
fi
changed=$(diff <(echo "$golden_before") <(golden_digest) | sed -nE 's/^[<>] [0-9a-f]+  //p' | sort -u \
  | sed "s|^$golden/||" | paste -sd ',' - | sed 's/,/, /g' || true)
if [ -n "$changed" ]; then
  echo "FAILED: this run changed golden files, so its golden checks prove nothing: $changed"
  echo "  Review the diff (git diff $golden), commit it, and run the tests again."
  status=1
fi
# The closing line keeps the plain "N passed, N failed, N skipped" shape CI reads; a skipped suite counts as one skip.
if [ "$suites_skipped" -gt 0 ]; then
  echo "skipped suites: $suites_skipped (tests/OneQOrder.Infra.Tests, see SKIPPED SUITE above), counted in the skipped total"
fi
echo "tests: $passed passed, $failed failed, $((skipped + suites_skipped)) skipped"
exit $status
