#!/usr/bin/env bash
# Sets up this machine and runs every test: unit, integration (against Azurite the tests start), browser (Chromium),
# deployment (Bicep build/lint, the published package). Extra arguments go to `dotnet test` (e.g. --filter Unit).
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh node chromium chromedriver zip zbar zxing poppler vips sqlite fonts

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# Known vulnerabilities in NuGet and npm dependencies (says NOT CHECKED where the registry serves no advisory data).
audit=$(mktemp)
./scripts/audit.sh | tee "$audit" || status=$?
# House style (.editorconfig): whitespace, code style and naming, as `dotnet format` reads them.
echo "dotnet format --verify-no-changes"
dotnet format OcopTrade.sln --verify-no-changes -v q || { echo "House style: run 'dotnet format OcopTrade.sln'"; status=1; }
dotnet test OcopTrade.sln -c Release --nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
count() { grep -E "^\s+$1: [0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
tail -1 "$audit"; rm -f "$audit"
echo "$(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
exit "$status"
