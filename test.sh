#!/usr/bin/env bash
# Sets up this machine and runs every test: unit, integration (against Azurite the tests start), and browser.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh node chromium
dotnet test OcopTrade.sln -c Release --nologo --logger "console;verbosity=normal" "$@"
