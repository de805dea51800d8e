-- One route of a busy day's traffic, for wrk: `wrk -s traffic.lua -- <route> <file with one value per line> <key>`.
-- Each wrk process drives one route so that its latency percentiles and status counts are that route's own.
-- Visitors come from many addresses (a random X-Forwarded-For each, as Azure's front end would append), so the
-- per-address page limit applies per visitor, not to the load generator as a whole.
-- `route` is global so that done(), which runs in the main state where init() never ran, can read it from a thread.
route = nil
local values, key, photo, counter, backoff = {}, nil, nil, 0, 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  route, key = args[1], args[3]
  for line in io.lines(args[2]) do table.insert(values, line) end
  if route == "upload" then photo = io.open(args[4], "rb"):read("*a") end
  statuses, retry_after_missing = {}, 0
  math.randomseed(os.time() + (id or 0) * 7919)
end

local function pick() return values[math.random(#values)] end

function request()
  counter = counter + 1
  local headers = { ["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254) }
  if key ~= "-" then headers["x-api-key"] = key end
  if route == "trace" then
    return wrk.format("GET", "/t/" .. pick(), headers)
  elseif route == "page" then
    return wrk.format("GET", "/p/" .. pick(), headers)
  elseif route == "read" then
    return wrk.format("GET", "/api/products/" .. pick(), headers)
  elseif route == "revenue" then
    local producer, producer_key = pick():match("([^ ]+) ([^ ]+)")
    headers["x-api-key"] = producer_key
    headers["Content-Type"] = "application/json"
    local body = string.format('{"id":"load-%d-%d-%d","producerId":"%s","channel":"supermarket","month":"2026-%02d","amountVnd":%d,"quantity":1}',
      os.time(), id or 0, counter, producer, math.random(1, 10), math.random(10000, 900000))
    return wrk.format("POST", "/api/revenue", headers, body)
  elseif route == "upload" then
    headers["Content-Type"] = "image/jpeg"
    return wrk.format("POST", "/api/products/" .. pick() .. "/images", headers, photo)
  end
end

-- Clients behave as told: after a 429 or 503 the connection waits Retry-After before its next request (wrk
-- sends a connection's next request right after its response, so this delay falls on that connection).
function delay()
  local wait = backoff
  backoff = 0
  return wait
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 429 or status == 503 then
    local seconds = tonumber(headers["Retry-After"])
    if seconds == nil then retry_after_missing = retry_after_missing + 1 else backoff = seconds * 1000 end
  end
end

function done(summary, latency, requests)
  local counts, missing = {}, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + n end
    missing = missing + thread:get("retry_after_missing")
  end
  local ok, limited, shed, server, other = 0, 0, 0, 0, 0
  for status, n in pairs(counts) do
    if status < 400 then ok = ok + n
    elseif status == 429 then limited = limited + n
    elseif status == 503 then shed = shed + n
    elseif status >= 500 then server = server + n
    else other = other + n end
  end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  route = threads[1]:get("route")
  io.write(string.format("RESULT %s %d %.1f %.1f %.1f %d %d %d %d %d %d %d\n", route, summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    ok, limited, shed, server, other, socket, missing))
end
