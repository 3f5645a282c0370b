-- wrk script of the benchmark: requests the paths of BENCH_PATHS ("|"-separated) in turn and
-- prints one JSON line with the latency percentiles and counts when done.
-- With BENCH_COLD set (a path such as "/agenda" or "/api/v1/events") it asks instead for a
-- selection never asked before: the BENCH_OFFSET-th combination onwards of province × age ×
-- kind (and a later `from` day once those run out), so that no request hits the page cache.
local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^|]+") do
  table.insert(paths, path)
end
local function list(name)
  local values = {}
  for value in string.gmatch(os.getenv(name) or "", "[^|]+") do
    table.insert(values, value)
  end
  return values
end
local cold = os.getenv("BENCH_COLD")
local provinces = list("BENCH_PROVINCES")
local kinds = list("BENCH_KINDS")
local days = list("BENCH_DAYS")
local counter = 0
local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")

local function selection(n)
  local province = provinces[n % #provinces + 1]
  n = math.floor(n / #provinces)
  local age = n % 19 + 3  -- 3 to 21 years
  n = math.floor(n / 19)
  local kind = kinds[n % #kinds + 1]
  n = math.floor(n / #kinds)
  local query = "province=" .. province .. "&age=" .. age .. "&kind=" .. kind
  if n > 0 then
    query = query .. "&from=" .. days[(n - 1) % #days + 1]
  end
  local separator = string.find(cold, "?", 1, true) and "&" or "?"
  return cold .. separator .. query
end

request = function()
  if cold then
    counter = counter + 1
    return wrk.format("GET", selection(offset + counter - 1))
  end
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

done = function(summary, latency, requests)
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, '
    .. '"p99_us": %d, "max_us": %d, "errors_connect": %d, "errors_read": %d, '
    .. '"errors_write": %d, "errors_status": %d, "errors_timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
