-- wrk script: request the paths listed in a file and print a JSON summary (throughput,
-- latency percentiles, statuses) as the last line of the output. Two ways:
--
--   URLS=bench/.data/search.urls wrk -t1 -c8 -d30s -s bench/urls.lua http://127.0.0.1:8001
--     round and round: the connections take the paths in turn, so every path is requested
--     about as often as the others whatever the concurrency (the repeated mixes);
--   ONCE=1 URLS=bench/.data/x.urls wrk -t1 -c4 -d60s -s bench/urls.lua http://127.0.0.1:8001
--     each path ONCE, in order, then stop (distinct searches: a repeat would be a remembered
--     answer). Use one thread (-t1): the connections of a thread share its counter, so no
--     path is requested twice. The run ends when the list is used up or at -d, whichever
--     comes first, and its time is measured here, from the first request to the last
--     answer (wrk's own duration is always -d: its main thread sleeps that long).
--
-- Paths are requested as given: redirects are not followed (a 3xx counts as a response
-- like any other, and is reported).
--
-- GUESTS=1: each request comes from a new guest, as the site sees one (a User-Agent of its
-- own, so a visitor key of its own: codes.metering), e.g. first-time code pages opened by
-- first-time visitors under the default metering.
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_usec; } walk_timeval;
  int gettimeofday(walk_timeval *tv, void *tz);
]]
local tv = ffi.new("walk_timeval")
local function now_us()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1e6 + tonumber(tv.tv_usec)
end

local once = (os.getenv("ONCE") or "") ~= ""
local guests = (os.getenv("GUESTS") or "") ~= ""
local paths = {}
local file = assert(io.open(os.getenv("URLS"), "r"), "set URLS to a file of paths")
for line in file:lines() do
  if line ~= "" then paths[#paths + 1] = line end
end
file:close()
assert(#paths > 0, "no paths in " .. os.getenv("URLS"))

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

-- Globals of each thread's Lua state (done() reads them with thread:get).
function init(args)
  -- Round and round, each thread starts at its own place in the list (setup() runs in
  -- another Lua state, so the number of threads is not known here).
  counter = once and 0 or ((id - 1) * 7919) % #paths
  answered = 0
  statuses = {}
  first_us = 0
  last_us = 0
end

local function get(path)
  if guests then
    return wrk.format("GET", path, {["User-Agent"] = "bench-guest-" .. id .. "-" .. counter})
  end
  return wrk.format("GET", path)
end

function request()
  if first_us == 0 then first_us = now_us() end
  counter = counter + 1
  if not once then
    return get(paths[(counter % #paths) + 1])
  end
  if counter > #paths then
    -- Used up: no more requests.
    wrk.thread:stop()
    return wrk.format("GET", "/healthz")
  end
  return get(paths[counter])
end

function response(status, headers, body)
  last_us = now_us()
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
  if once and answered >= #paths then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local counts = {}
  local first, last = nil, 0
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do counts[code] = (counts[code] or 0) + n end
    local f, l = thread:get("first_us"), thread:get("last_us")
    if f > 0 and (first == nil or f < first) then first = f end
    if l > last then last = l end
  end
  local parts = {}
  for code, n in pairs(counts) do parts[#parts + 1] = string.format('"%d": %d', code, n) end
  local seconds = summary.duration / 1e6
  if once and first and last > first then seconds = (last - first) / 1e6 end
  io.write(string.format(
    '\nRESULT {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p90_ms": %.2f, ' ..
    '"p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, "mean_ms": %.2f, "socket_errors": %d, ' ..
    '"statuses": {%s}}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(parts, ", ")))
end
