#!/usr/bin/env bash
# Sets up this machine and runs every test: unit, integration (against Azurite the tests start), browser (Chromium),
# deployment (Bicep build/lint, the published package). Extra arguments go to `dotnet test` (e.g. --filter Unit).
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh node chromium zip zbar fonts sqlite

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test OcopTrade.sln -c Release --nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
count() { grep -E "^\s+$1: [0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
echo "$(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
exit "$status"
