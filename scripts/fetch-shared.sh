#!/usr/bin/env bash
# Fetches the pinned upstream files the tests read from ../shared (JSON schemas, chart default values) into a folder,
# for machines that have no ../shared beside the checkout (GitHub-hosted CI). Every file is checked against the
# SHA-256 in scripts/shared-files.txt, so a moved tag or a changed upstream fails here instead of testing against
# something else. Files already present with the right hash are kept (the workflow caches the folder).
#
# usage: scripts/fetch-shared.sh DIR      then run the tests with ONEQ_SHARED=DIR
#        SHARED_FILES=LIST scripts/fetch-shared.sh DIR   reads another list (the script's test)
set -euo pipefail

dest=${1:?usage: scripts/fetch-shared.sh DIR}
list="${SHARED_FILES:-$(dirname "$0")/shared-files.txt}"
fetched=0 kept=0
while read -r path sha url; do
  case "$path" in ''|'#'*) continue ;; esac
  target="$dest/$path"
  if [ -f "$target" ] && [ "$(sha256sum "$target" | cut -c1-64)" = "$sha" ]; then
    kept=$((kept + 1))
    continue
  fi
  mkdir -p "$(dirname "$target")"
  curl -fsSL --retry 3 -o "$target.tmp" "$url"
  actual=$(sha256sum "$target.tmp" | cut -c1-64)
  if [ "$actual" != "$sha" ]; then
    rm -f "$target.tmp"
    echo "fetch-shared: $url has SHA-256 $actual, not the pinned $sha ($path)" >&2
    exit 1
  fi
  mv "$target.tmp" "$target"
  fetched=$((fetched + 1))
done < "$list"
echo "fetch-shared: $fetched fetched, $kept already in $dest"
