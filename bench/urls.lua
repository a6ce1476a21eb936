-- wrk script: request the paths listed in a file, one after another, and print a JSON
-- summary (throughput, latency percentiles, statuses) as the last line of the output.
--
--   URLS=bench/.data/search.urls wrk -t1 -c8 -d30s -s bench/urls.lua http://127.0.0.1:8001
--
-- The connections take the paths in turn, so every path is requested about as often as the
-- others whatever the concurrency. Paths are requested as given: redirects
-- are not followed (a 3xx counts as a response like any other, and is reported).

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
  -- Each thread starts at its own place in the list (setup() runs in another Lua state,
  -- so the number of threads is not known here); a thread's connections share its counter.
  counter = ((id - 1) * 7919) % #paths
  statuses = {}
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do counts[code] = (counts[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(counts) do parts[#parts + 1] = string.format('"%d": %d', code, n) end
  local seconds = summary.duration / 1e6
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
