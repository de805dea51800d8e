#!/usr/bin/env bash
# Sets up this machine and runs OcopTrade as Azure runs it: Azurite (data kept in .azurite/), the local Functions
# host (hosting/OcopTrade.LocalHost) on http://localhost:${PORT:-7071}, and the isolated worker it launches. The mail
# the app sends is caught by maildev: read it at http://localhost:${MAILDEV_WEB_PORT:-1080}.
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

# Notifications: without an SMTP server of yours the mail goes to maildev, started below, which keeps it for reading.
MAILDEV_SMTP_PORT="${MAILDEV_SMTP_PORT:-1025}" MAILDEV_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"
if [ -z "${Notifications__Smtp__Host:-}" ]; then
  export Notifications__Smtp__Host=127.0.0.1 Notifications__Smtp__Port="$MAILDEV_SMTP_PORT"
  export Notifications__Smtp__Security=none
fi
use_maildev=0
case "$Notifications__Smtp__Host" in # an SMTP server on this machine is taken to be maildev (the sample settings)
  127.0.0.1|localhost) use_maildev=1; MAILDEV_SMTP_PORT="${Notifications__Smtp__Port:-$MAILDEV_SMTP_PORT}" ;;
esac
export Notifications__Smtp__From="${Notifications__Smtp__From:-OcopTrade <no-reply@ocoptrade.local>}"

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

azurite_pid="" app_pid="" simulator_pid="" maildev_pid=""
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
  stop "$maildev_pid" 3
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

if [ "$use_maildev" = 1 ] && ! (echo > "/dev/tcp/127.0.0.1/$MAILDEV_SMTP_PORT") 2>/dev/null; then
  echo "==> maildev: SMTP on 127.0.0.1:$MAILDEV_SMTP_PORT, the mail at http://localhost:$MAILDEV_WEB_PORT (kept in .data/mail/)"
  mkdir -p .data/mail
  node_modules/.bin/maildev --silent --ip 127.0.0.1 --smtp "$MAILDEV_SMTP_PORT" \
    --web-ip 127.0.0.1 --web "$MAILDEV_WEB_PORT" --mail-directory .data/mail &
  maildev_pid=$!
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
