-- wrk script: GET the URLs of a file (one path per line) in turn, with an API token, and
-- print the latency percentiles the README asks for (wrk's own report has no p95).
-- Usage: wrk ... -s latency.lua BASE_URL -- URLS_FILE TOKEN

local paths = {}
local position = 0
local token = ""

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot read " .. tostring(args[1]))
  for line in file:lines() do
    if line ~= "" then paths[#paths + 1] = line end
  end
  file:close()
  assert(#paths > 0, "no paths in " .. args[1])
  token = args[2]
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position], {["Authorization"] = "Bearer " .. token})
end

local failures = 0
function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    if failures <= 3 then io.stderr:write("status " .. status .. ": " .. body:sub(1, 300) .. "\n") end
  end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status))
end
