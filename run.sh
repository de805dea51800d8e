#!/usr/bin/env bash
# Sets up this machine and runs OcopTrade on its local runtime: Azurite (data kept in .azurite/) and the app on
# http://localhost:${PORT:-7071}. Ctrl-C stops both; in-flight queue messages finish or reappear later.
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

echo "==> building"
dotnet build functions/OcopTrade.Functions -c Release -nologo -v q

azurite_pid="" app_pid=""
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

echo "==> OcopTrade on http://localhost:$PORT  (admin key: .data/admin-api-key, API reference: /api/docs)"
PORT="$PORT" dotnet functions/OcopTrade.Functions/bin/Release/net10.0/OcopTrade.Functions.dll \
  --contentRoot "$PWD/functions/OcopTrade.Functions" --Runtime:HostJson "$PWD/host.json" &
app_pid=$!
wait "$app_pid"
