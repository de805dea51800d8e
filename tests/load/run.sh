#!/usr/bin/env bash
# The mixed traffic of a busy day against the app on its local runtime, at increasing load, to find the knee.
# Starts its own Azurite (in memory) and the app (Release) on free loopback ports, seeds producers, published
# products with lots, then for each step of concurrent connections runs five wrk processes side by side, one per
# route: trace-page scans (/t), product pages (/p), product reads (API), revenue writes, photo uploads.
# Prints per step and route: throughput, p50/p99, and answers by kind (ok, 429, 503, other 5xx, other 4xx,
# socket errors, 429/503 without Retry-After), then the knee: the last step whose throughput still grew ≥ 10%
# with no errors, counting successful answers only (a 503 is quick but serves nobody). Then slow clients: SLOW_CLIENTS
# anonymous sign-in forms trickling at 100 B/s (a slow-loris crowd) while the keyed routes run at SLOW_CONNS
# connections; it fails unless those are still served (answers, none shed) and the slow forms are held off (408/413).
# Bounded: (STEPS + 1) × SECONDS plus about a minute of start and seeding; only 127.0.0.1 is touched.
#   tests/load/run.sh                      # steps 8 16 32 64 128 256 connections, 8 s each, then 130 slow clients
#   STEPS="16 64 256" SECONDS_PER_STEP=5 SLOW_CLIENTS=60 tests/load/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
./scripts/setup.sh node fonts wrk

STEPS="${STEPS:-8 16 32 64 128 256}"
SECONDS_PER_STEP="${SECONDS_PER_STEP:-8}"
SLOW_CLIENTS="${SLOW_CLIENTS:-130}"
SLOW_CONNS="${SLOW_CONNS:-16}"
here=tests/load
work=$(mktemp -d)
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
BLOB=$(free_port); QUEUE=$(free_port); TABLE=$(free_port); PORT=$(free_port)
ADMIN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
BASE="http://127.0.0.1:$PORT"

azurite_pid="" app_pid=""
# Keeps the script's own exit status, and never stops half-way: under `set -e` a failing `kill` of an app that had
# already exited used to end the cleanup before Azurite was killed, leaving it running (and the script exiting 1).
cleanup() {
  local status=$?
  trap - INT TERM EXIT
  set +e
  if [ -n "$app_pid" ]; then
    kill -TERM "$app_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$app_pid" 2>/dev/null
  fi
  # Azurite does not exit on SIGTERM (it closes its ports and lingers), so it is killed outright.
  if [ -n "$azurite_pid" ]; then kill -KILL "$azurite_pid" 2>/dev/null; wait "$azurite_pid" 2>/dev/null; fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup INT TERM EXIT

echo "==> building (Release)"
dotnet build functions/OcopTrade.Functions -c Release -nologo -v q >/dev/null
dotnet build hosting/OcopTrade.LocalHost -c Release -nologo -v q >/dev/null

echo "==> Azurite (in memory) and the app on $BASE"
node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --inMemoryPersistence \
  --blobHost 127.0.0.1 --blobPort "$BLOB" --queueHost 127.0.0.1 --queuePort "$QUEUE" --tableHost 127.0.0.1 --tablePort "$TABLE" \
  >"$work/azurite.log" 2>&1 &
azurite_pid=$!
KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$BLOB/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE/devstoreaccount1;"
# One key per route here stands for many users' keys: the per-key limit would measure itself, not the app.
export Ocop__RateLimits__KeyPerMinute=1000000
# Likewise the cap of photos per product: uploads spread over 60 products, at most 100 photos each.
export Images__MaxPerProduct=100
# wrk plays Azure's front end, appending a visitor's address to X-Forwarded-For: the local host is told so
# (--behind-front-end) and passes the header on, where by default it appends the caller's own address.
export CertificateSweepSchedule="0 5 17 * * *" CertificateWatchSchedule="0 10 17 * * *" OrderPullSchedule="0 */5 * * * *"
export MarketplaceTokenRefreshSchedule="0 */15 * * * *"
export Ocop__AdminApiKey="$ADMIN" Ocop__PublicBaseUrl="$BASE" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/$TABLE) 2>/dev/null && break; sleep 0.2; done
dotnet hosting/OcopTrade.LocalHost/bin/Release/net10.0/OcopTrade.LocalHost.dll \
  functions/OcopTrade.Functions/bin/Release/net10.0 --port "$PORT" --behind-front-end >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 150); do curl -sf "$BASE/api/health" >/dev/null && break; sleep 0.2; done
curl -sf "$BASE/api/health" >/dev/null || { echo "The app did not start:"; tail -20 "$work/app.log"; exit 1; }

echo "==> seeding 5 producers, 20 published products with a lot each"
field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
post() { # path, key, JSON body; stops the run, showing the answer, unless it is a success
  local out; out=$(curl -s -w '\n%{http_code}' -X POST "$BASE$1" -H "x-api-key: $2" -H 'content-type: application/json' -d "$3")
  [[ "${out##*$'\n'}" == 2* ]] || { echo "POST $1 failed: $out" >&2; exit 1; }
  echo "${out%$'\n'*}"
}
: >"$work/products"; : >"$work/codes"; : >"$work/slugs"; : >"$work/producers"
for p in 0 1 2 3 4; do
  producer=$(post /api/producers "$ADMIN" "{\"legalName\":\"Hợp tác xã Tải $p\",\"kind\":\"cooperative\",\"taxCode\":\"0314409058\",\"province\":\"Lai Châu\",\"commune\":\"Bình Lư\",\"phone\":\"0912 345 678\"}" | field id)
  key=$(post /api/keys "$ADMIN" "{\"role\":\"producer\",\"producerId\":\"$producer\"}" | field key)
  echo "$producer $key" >>"$work/producers"
  for n in 1 2 3 4; do
    product=$(post /api/products "$key" "{\"name\":\"Chè Shan Tuyết $p-$n\",\"group\":\"beverages\",\"description\":\"Chè shan tuyết cổ thụ hái tay.\",\"stars\":4,\"certificate\":{\"number\":\"12$p$n/QĐ-UBND\",\"issueDate\":\"2025-06-15\",\"issuingLevel\":\"province\"},\"priceVnd\":350000,\"unit\":\"hộp\",\"netQuantity\":\"200 g\",\"shelfLifeDays\":540}" | field id)
    post "/api/products/$product/publish" "$key" "" >/dev/null
    post "/api/products/$product/batches" "$key" '{"lotNumber":"L1","productionDate":"2026-10-01","bestBefore":"2027-10-01","quantity":500}' | field traceCode | tr -d '-' >>"$work/codes"
    curl -sf "$BASE/api/products/$product" -H "x-api-key: $key" | field slug >>"$work/slugs"
    echo "$product" >>"$work/products"
  done
done
[ "$(wc -l <"$work/codes")" -eq 20 ] || { echo "Seeding failed"; tail -20 "$work/app.log"; exit 1; }
# Uploads and API reads go to the first producer's products, with its key; uploads to 60 drafts of its own, so
# that no product reaches its photo cap (a 422 that would measure the rule, not the app) within a run.
read -r _ owner_key < "$work/producers"
head -4 "$work/products" >"$work/own-products"
: >"$work/photo-products"
for n in $(seq 1 60); do
  post /api/products "$owner_key" "{\"name\":\"Ảnh thử tải $n\",\"group\":\"beverages\"}" | field id >>"$work/photo-products"
done

# Connections per route out of 20 shares: what a busy day looks like (mostly consumers scanning and browsing).
routes=("trace 8 codes -" "page 4 slugs -" "read 4 own-products $owner_key" "revenue 3 producers -" "upload 1 photo-products $owner_key")
# Runs the given routes side by side at $1 connections in all and prints a row each; sets step_rps and step_errors,
# adds to total_500, and appends "route ok 503" lines to $work/step.
run_step() {
  local conns=$1; shift
  local pids=() spec name share file key c line route requests rps p50 p99 ok limited shed server other sock noRA
  for spec in "$@"; do
    read -r name share file key <<<"$spec"
    c=$(( conns * share / 20 )); [ "$c" -lt 1 ] && c=1
    wrk -t1 -c"$c" -d"${SECONDS_PER_STEP}s" --timeout 10s --latency -s "$here/traffic.lua" "$BASE" -- "$name" "$work/$file" "$key" "$here/photo.jpg" \
      >"$work/wrk-$name.out" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  step_rps=0 step_errors=0
  : >"$work/step"
  for spec in "$@"; do
    read -r name _ <<<"$spec"
    line=$(grep '^RESULT' "$work/wrk-$name.out" || echo "RESULT $name 0 0 0 0 0 0 0 0 0 0 0")
    read -r _ route requests rps p50 p99 ok limited shed server other sock noRA <<<"$line"
    printf '%-6s %-8s %9s %9s %9s %9s %7s %7s %7s %7s %7s %7s %7s\n' "$conns" "$route" "$requests" "$rps" "$p50" "$p99" "$ok" "$limited" "$shed" "$server" "$other" "$sock" "$noRA"
    step_rps=$(awk -v a="$step_rps" -v b="$ok" -v s="$SECONDS_PER_STEP" 'BEGIN { print a + b / s }')
    step_errors=$(( step_errors + limited + shed + server + other + sock ))
    total_500=$(( total_500 + server ))
    echo "$route $ok $shed" >>"$work/step"
  done
}

header() {
  printf '\n%-6s %-8s %9s %9s %9s %9s %7s %7s %7s %7s %7s %7s %7s\n' \
    conns route requests "req/s" "p50 ms" "p99 ms" ok 429 503 5xx 4xx sock noRA
}
header
previous=0 knee="" knee_rps=0 total_500=0
for conns in $STEPS; do
  run_step "$conns" "${routes[@]}"
  printf '%-6s %-8s %9s %9.1f   successful answers/s (errors: %d)\n' "$conns" all "" "$step_rps" "$step_errors"
  if [ -z "$knee" ]; then
    if [ "$step_errors" -eq 0 ] && awk -v now="$step_rps" -v before="$previous" 'BEGIN { exit !(now >= before * 1.1) }'; then
      knee_rps=$step_rps; knee_conns=$conns
    else
      knee=$conns
    fi
  fi
  previous=$step_rps
  sleep 2 # let queued photo processing catch up a little between steps
done
echo
if [ -n "${knee_conns:-}" ]; then
  echo "knee: about $knee_conns connections, $knee_rps requests/s across the mix (beyond it throughput grows < 10% or errors appear)"
else
  echo "knee: below the first step ($STEPS)"
fi

# Slow clients: each sends a 4 KiB sign-in form at 100 B/s (40 s for the whole form), again as soon as it is cut off.
echo
echo "==> slow clients: $SLOW_CLIENTS anonymous sign-in forms at 100 B/s, keyed routes at $SLOW_CONNS connections"
{ printf 'key='; head -c 4000 /dev/zero | tr '\0' a; } >"$work/form"
slow_until=$(( SECONDS + SECONDS_PER_STEP + 3 )) slow_pids=()
for i in $(seq 1 "$SLOW_CLIENTS"); do
  ( while [ "$SECONDS" -lt "$slow_until" ]; do
      curl -s -o /dev/null -w '%{http_code}\n' --max-time 20 --limit-rate 100 -X POST "$BASE/portal/sign-in" \
        -H 'X-Ocop-Portal: 1' -H 'content-type: application/x-www-form-urlencoded' --data-binary @"$work/form" || true
    done >"$work/slow-$i.out" ) &
  slow_pids+=($!)
done
sleep 2 # every slow form connected and trickling
header
run_step "$SLOW_CONNS" "read 10 own-products $owner_key" "revenue 10 producers -"
wait "${slow_pids[@]}"
echo "slow sign-in forms' answers (000: dropped by the client's own 20 s cap, never answered):"
cat "$work"/slow-*.out | sort | uniq -c | sed 's/^/  /'
keyed_ok=$(awk '{ s += $2 } END { print s + 0 }' "$work/step")
keyed_shed=$(awk '{ s += $3 } END { print s + 0 }' "$work/step")
slow_cut=$(cat "$work"/slow-*.out | grep -cE '^(408|413)$' || true)
slow_served=$(cat "$work"/slow-*.out | grep -cE '^[12]' || true)
echo "keyed requests served during slow clients: $keyed_ok (shed: $keyed_shed);" \
  "slow forms cut off: $slow_cut, served: $slow_served"

echo "server errors (5xx other than 503) in the whole run: $total_500"
echo "note: indicative figures: a 2-core machine shared with other work, load generator on the same cores."
[ "$total_500" -eq 0 ] && [ "$keyed_ok" -gt 0 ] && [ "$keyed_shed" -eq 0 ] \
  && [ "$slow_cut" -gt 0 ] && [ "$slow_served" -eq 0 ]
