#!/usr/bin/env bash
# Checks the behaviours of the test command (scripts/test.sh) that no unit test can see, each on a throwaway clone of
# the committed HEAD (with ../shared linked beside it when this checkout has one, as CI does):
#   1. a mistyped Pulumi version fails the restore, and the last line names the package and NuGet's error;
#   2. a build failure stops the run before any test, and the last line names the project;
#   3. UPDATE_GOLDEN=1 under CI is refused: the run fails naming the stale golden file and leaves it as it was;
#   4. UPDATE_GOLDEN=1 on a developer's machine rewrites the file, but the test command still fails, naming it;
#   5. with no Pulumi package anywhere (no feed, an empty package folder, a registry without them) the suite is skipped
#      and counted, every other suite passes, and each skipped test is printed once, with its reason (nothing beside
#      this clone, so the checks of ../shared/ skip).
# Slow (five runs, two cold builds, the second downloading every package: 8-10 minutes on 2 cores), so it is run by
# hand after changing scripts/test.sh, not by CI. Ends with "checks: N passed, N failed"; exit 1 on any failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/repo"
if [ -d "$root/../shared" ]; then ln -s "$(cd "$root/../shared" && pwd)" "$work/shared"; fi
repo="$work/repo"
golden_file=tests/OneQOrder.Platform.Tests/Golden/dev/namespaces/pg.yaml

passed=0 failed=0
check() { # $1: description, $2: condition result (0 = holds)
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "  ok: $1"; else failed=$((failed + 1)); echo "  NOT OK: $1"; fi
}
# Runs the test command in the clone with the given environment; its output in $work/out, exit code in $code.
run() {
  set +e
  (cd "$repo" && env "$@" ./scripts/test.sh </dev/null >"$work/out" 2>&1)
  code=$?
  set -e
  last=$(tail -1 "$work/out")
  echo "  last line: $last"
}
holds() { if "$@"; then echo 0; else echo 1; fi; }

echo "== 1. mistyped Pulumi version (Pulumi.Gcp 9.35.9)"
sed -i 's/"Pulumi.Gcp" Version="9.35.0"/"Pulumi.Gcp" Version="9.35.9"/' "$repo/Directory.Packages.props"
run CI=true
check "exit code is non-zero" "$(holds test "$code" -ne 0)"
check "last line says the restore failed and why" \
  "$(holds grep -qE '^FAILED: restore of .*OneQOrder.Infra.Tests.* NU1102: Unable to find package Pulumi.Gcp with version \(>= 9.35.9\)' <<<"$last")"
check "no test ran" "$(holds test -z "$(find "$repo/out/test-results" -name '*.trx')")"
git -C "$repo" checkout -q -- Directory.Packages.props

echo "== 2. build failure"
echo 'this does not compile' >>"$repo/stacks/OneQOrder.Platform/Network/Cidr.cs"
run CI=true
check "exit code is non-zero" "$(holds test "$code" -ne 0)"
check "last line names the project whose build failed" \
  "$(holds grep -qE '^FAILED: build of stacks/OneQOrder.Platform/OneQOrder.Platform.csproj failed' <<<"$last")"
check "no test ran" "$(holds test -z "$(find "$repo/out/test-results" -name '*.trx')")"
check "the compiler error is shown" "$(holds grep -q 'Cidr.cs.*error CS' "$work/out")"
git -C "$repo" checkout -q -- stacks/OneQOrder.Platform/Network/Cidr.cs

echo "== 3. UPDATE_GOLDEN=1 under CI"
echo '# stale' >>"$repo/$golden_file"
cp "$repo/$golden_file" "$work/stale.yaml"
run CI=true UPDATE_GOLDEN=1
check "exit code is non-zero" "$(holds test "$code" -ne 0)"
check "the refusal names the stale file" "$(holds grep -q 'refused under CI.*dev/namespaces/pg.yaml' "$work/out")"
check "the golden file is left as it was" "$(holds cmp -s "$repo/$golden_file" "$work/stale.yaml")"
check "last line is the closing count with a failure" \
  "$(holds grep -qE '^tests: [0-9]+ passed, [1-9][0-9]* failed, [0-9]+ skipped$' <<<"$last")"

echo "== 4. UPDATE_GOLDEN=1 on a developer's machine"
run CI= UPDATE_GOLDEN=1
check "exit code is non-zero" "$(holds test "$code" -ne 0)"
check "the golden file is rewritten" "$(holds git -C "$repo" diff --quiet -- "$golden_file")"
check "the run fails naming the rewritten file" \
  "$(holds grep -q '^FAILED: this run changed golden files.*dev/namespaces/pg.yaml' "$work/out")"
check "every test passed" "$(holds grep -qE '^tests: [1-9][0-9]* passed, 0 failed, ' <<<"$last")"

echo "== 5. no Pulumi package anywhere: no feed, an empty package folder, a registry without Pulumi packages"
# A second clone with nothing beside it, so the checks that read ../shared/ skip too.
mkdir "$work/alone"
git clone -q "$root" "$work/alone/repo"
repo="$work/alone/repo"
run CI=true NUGET_PACKAGES="$work/packages"
if grep -q 'NU1101: Unable to find package Pulumi' "$repo/out/test-results/restore-infra-tests.log"; then
  check "exit code is zero (everything else passed)" "$(holds test "$code" -eq 0)"
  check "the suite is skipped with its reason" "$(holds grep -q '^SKIPPED SUITE tests/OneQOrder.Infra.Tests .*no NuGet source' "$work/out")"
  check "last line counts the skipped suite and the skipped tests" \
    "$(holds grep -qE '^tests: [1-9][0-9]* passed, 0 failed, [1-9][0-9]* skipped$' <<<"$last")"
  check "the line before it names the skipped suite" "$(holds grep -q '^skipped suites: 1 (tests/OneQOrder.Infra.Tests' "$work/out")"
  # Once: the summary lists as many as the closing line counts, and neither the console logger's "  Skipped <test>"
  # nor xUnit's "<test> [SKIP]" lines are left in the output.
  skipped_count=$(( $(sed -nE 's/^tests: .* ([0-9]+) skipped$/\1/p' <<<"$last") - 1 )) # less the skipped suite
  check "the summary lists the $skipped_count skipped tests, each with a reason" \
    "$(holds test "$(grep -cE '^  skipped .+: .+' "$work/out")" -eq "$skipped_count")"
  check "no other line reports a skipped test" "$(holds test "$(grep -cE '^  Skipped |\[SKIP\]$' "$work/out")" -eq 0)"
else
  # A registry that serves Pulumi packages (a user's machine) restores the suite: then it must have run.
  check "a configured source serves Pulumi packages, so the suite ran" "$(holds bash -c '! grep -q "^skipped suites:" "$1"' _ "$work/out")"
fi

echo "checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
