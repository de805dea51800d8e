#!/usr/bin/env bash
# Publishes the app self-contained for linux-x64 and lays out the Azure Functions app root beside it:
#   artifacts/app/        host.json, one folder per function with its function.json, the OcopTrade.Functions executable
#   artifacts/ocoptrade-functions.zip   the same, ready for zip deploy
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh zip

out=artifacts/app
rm -rf "$out" artifacts/ocoptrade-functions.zip
dotnet publish functions/OcopTrade.Functions -c Release -r linux-x64 --self-contained true -nologo -v q -o "$out"
cp host.json "$out/"
cp -r functions/bindings/. "$out/"
chmod +x "$out/OcopTrade.Functions"
(cd "$out" && zip -qr ../ocoptrade-functions.zip .)
echo "$out and artifacts/ocoptrade-functions.zip are ready"
