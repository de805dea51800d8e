#!/usr/bin/env bash
# Publishes the isolated worker as the Functions host runs it and zips it for deployment:
#   artifacts/app/       the app root: host.json, worker.config.json, functions.metadata, extensions.json,
#                        .azurefunctions/ (the host's queue and timer extensions), OcopTrade.Functions.dll and the rest
#   artifacts/ocoptrade-functions.zip   the same, files at the zip's root, for One Deploy (config-zip) or Core Tools
# Framework-dependent: Flex Consumption's dotnet-isolated 10.0 runtime (functionAppConfig.runtime in infra/main.bicep)
# brings .NET, and worker.config.json starts the worker as `dotnet OcopTrade.Functions.dll`. linux-x64, because that
# is what Flex runs on: without a runtime identifier the native image libraries of every platform come along (610 MB
# instead of 90); no apphost, as nothing starts the worker but dotnet.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh zip

out=artifacts/app
rm -rf "$out" artifacts/ocoptrade-functions.zip
dotnet publish functions/OcopTrade.Functions -c Release -r linux-x64 --self-contained false -p:UseAppHost=false \
  -nologo -v q -o "$out"

# What the host reads to start the worker and its triggers: without any of it the app deploys with no functions.
for required in host.json worker.config.json functions.metadata extensions.json OcopTrade.Functions.dll \
                .azurefunctions/Microsoft.Azure.WebJobs.Extensions.FunctionMetadataLoader.dll; do
  [ -e "$out/$required" ] || { echo "package.sh: $out/$required is missing from the publish output" >&2; exit 1; }
done

# The folder's contents, dot folders included, at the zip's root: the host looks for host.json there.
(cd "$out" && zip -qry ../ocoptrade-functions.zip .)
echo "$out and artifacts/ocoptrade-functions.zip are ready"
