#!/usr/bin/env bash
# Sets up this machine and runs OcopTrade as Azure runs it: Azurite (data kept in .azurite/), the local Functions
# host (hosting/OcopTrade.LocalHost) on http://localhost:${PORT:-7071}, and the isolated worker it launches.
# Ctrl-C stops them; in-flight queue messages finish or reappear later.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh node fonts

PORT="${PORT:-7071}"
mkdir -p .azurite .data
if [ -f local.settings.json ]; then
  # Same file and shape as Core Tools: every Values entry becomes an environment variable.
  eval "$(node -e 'const v=require("./local.settings.json").Values||{};for(const[k,x]of Object.entries(v))if(process.env[k]===undefined)console.log(`export ${k}=${JSON.stringify(String(x))}`)')"
fi
export AzureWebJobsStorage="${AzureWebJobsStorage:-UseDevelopmentStorage=true}"
if [ -z "${Ocop__AdminApiKey:-}" ]; then
  [ -s .data/admin-api-key ] || head -c 32 /dev/urandom | base64 | tr -d '/+=' > .data/admin-api-key
  export Ocop__AdminApiKey="$(cat .data/admin-api-key)"
fi
export Ocop__PublicBaseUrl="${Ocop__PublicBaseUrl:-http://localhost:$PORT}"
# The timer functions' schedules are app settings ([TimerTrigger("%CertificateSweepSchedule%")]), as in Azure.
export CertificateSweepSchedule="${CertificateSweepSchedule:-0 5 17 * * *}"
export CertificateWatchSchedule="${CertificateWatchSchedule:-0 10 17 * * *}"
export OrderPullSchedule="${OrderPullSchedule:-0 */5 * * * *}"
export MarketplaceTokenRefreshSchedule="${MarketplaceTokenRefreshSchedule:-0 */15 * * * *}"

# Marketplaces: without real seller credentials the connectors talk to the marketplace simulator (voso, postmart,
# shopee; simulators/OcopTrade.MarketplaceSimulator/CONTRACTS.md), started below, so syndication works out of the box.
SIMULATOR_PORT="${SIMULATOR_PORT:-7072}"
use_simulator=1
if env | grep -q '^Syndication__Credentials__'; then use_simulator=0; fi
if [ "$use_simulator" = 1 ]; then
  export Syndication__Marketplaces__voso__BaseUrl="${Syndication__Marketplaces__voso__BaseUrl:-http://127.0.0.1:$SIMULATOR_PORT/voso/}"
  export Syndication__Marketplaces__postmart__BaseUrl="${Syndication__Marketplaces__postmart__BaseUrl:-http://127.0.0.1:$SIMULATOR_PORT/postmart/api/v2/}"
  export Syndication__Marketplaces__shopee__BaseUrl="${Syndication__Marketplaces__shopee__BaseUrl:-http://127.0.0.1:$SIMULATOR_PORT/}"
  for channel in voso postmart shopee; do
    export "Syndication__Credentials__${channel}__default__Account=sim-{producerId}"
    export "Syndication__Credentials__${channel}__default__Secret=sim-token-{producerId}"
  done
fi

echo "==> building"
dotnet build functions/OcopTrade.Functions -c Release -nologo -v q
dotnet build hosting/OcopTrade.LocalHost -c Release -nologo -v q
[ "$use_simulator" = 1 ] && dotnet build simulators/OcopTrade.MarketplaceSimulator -c Release -nologo -v q

azurite_pid="" app_pid="" simulator_pid=""
stop() { # pid, seconds of grace
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 $(( $2 * 5 ))); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$1" 2>/dev/null || true
}
cleanup() {
  trap - INT TERM EXIT
  # The app first, so in-flight messages finish while storage is still there.
  stop "$app_pid" 35
  stop "$simulator_pid" 3
  stop "$azurite_pid" 3 # it closes its stores at once, then lingers
}
trap cleanup INT TERM EXIT

if ! (echo > /dev/tcp/127.0.0.1/10002) 2>/dev/null; then
  echo "==> starting Azurite (data in .azurite/)"
  node_modules/.bin/azurite --silent --skipApiVersionCheck --location .azurite \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
  azurite_pid=$!
  for _ in $(seq 1 50); do (echo > /dev/tcp/127.0.0.1/10002) 2>/dev/null && break; sleep 0.2; done
fi

if [ "$use_simulator" = 1 ]; then
  echo "==> marketplace simulator on http://127.0.0.1:$SIMULATOR_PORT (listings: /_sim/voso/listings; faults: PUT /_sim/{marketplace}/faults)"
  dotnet simulators/OcopTrade.MarketplaceSimulator/bin/Release/net10.0/OcopTrade.MarketplaceSimulator.dll --urls "http://127.0.0.1:$SIMULATOR_PORT" &
  simulator_pid=$!
fi

echo "==> OcopTrade on http://localhost:$PORT  (admin key: .data/admin-api-key, API reference: /api/docs)"
dotnet hosting/OcopTrade.LocalHost/bin/Release/net10.0/OcopTrade.LocalHost.dll \
  functions/OcopTrade.Functions/bin/Release/net10.0 --port "$PORT" &
app_pid=$!
wait "$app_pid"
