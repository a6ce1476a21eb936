-- wrk script: request each path of a file ONCE, in order, then stop; print a JSON summary
-- (throughput, latency percentiles, statuses) as the last line of the output.
--
--   URLS=bench/.data/x.urls wrk -t1 -c4 -d60s -s bench/walk.lua http://127.0.0.1:8001
--
-- Run it with one thread (-t1): the connections of a thread share its counter, so no path
-- is requested twice in a run. The run ends when the list is used up or at -d, whichever
-- comes first; "requests" in the summary is how many paths were requested. Redirects are
-- not followed.

-- wrk's own duration is always -d (its main thread sleeps that long), so the run's time is
-- measured here: from the first request to the last answer (LuaJIT's ffi, gettimeofday).
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

local paths = {}
local file = assert(io.open(os.getenv("URLS"), "r"), "set URLS to a file of paths")
for line in file:lines() do
  if line ~= "" then paths[#paths + 1] = line end
end
file:close()
assert(#paths > 0, "no paths in " .. os.getenv("URLS"))

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  counter = 0
  answered = 0
  statuses = {}
  first_us = 0
  last_us = 0
end

function request()
  if first_us == 0 then first_us = now_us() end
  counter = counter + 1
  if counter > #paths then
    -- Used up: no more requests (a repeat would be a remembered answer).
    wrk.thread:stop()
    return wrk.format("GET", "/healthz")
  end
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  last_us = now_us()
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
  if answered >= #paths then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do counts[code] = (counts[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(counts) do parts[#parts + 1] = string.format('"%d": %d', code, n) end
  local first, last = nil, 0
  for _, thread in ipairs(threads) do
    local f, l = thread:get("first_us"), thread:get("last_us")
    if f > 0 and (first == nil or f < first) then first = f end
    if l > last then last = l end
  end
  local seconds = (first and last > first) and (last - first) / 1e6 or summary.duration / 1e6
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
