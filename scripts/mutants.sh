#!/usr/bin/env bash
# Mutation check (docs/mutation-testing.md): applies each deliberate bug of scripts/mutants.txt alone, runs the suites
# it names and reports it as caught or missed. Not part of CI (about a minute per mutant on 2 cores).
#   scripts/mutants.sh            every mutation
#   scripts/mutants.sh NET01 …    only these
#   scripts/mutants.sh --list     list them
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec python3 scripts/mutants.py "$@"
