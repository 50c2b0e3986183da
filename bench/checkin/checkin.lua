-- wrk script: POST /agent/v1/checkin as many different devices, rotating over the tokens that
-- `keyward-agent --tokens-out FILE` wrote ("device_id token report" per line).
-- Usage: wrk ... -s checkin.lua URL -- TOKENS_FILE
-- Every wrk thread starts at its own offset, so that threads do not report the same device at
-- the same moment (the server would serialise them on one row).

local tokens = {}
local reports = {}
local position = 0

-- The report of the device at `index`: what the device itself reported at activation (its own
-- host name, address and OS: anything else would make every first check-in a rename, which
-- is rare in a real fleet), with a few changing values, so that the server stores changing
-- rows rather than a constant one.
local function report(index, variant)
  local body = reports[index]
  if variant == 2 then body = body:gsub('"infections":%d+', '"infections":2', 1) end
  if variant == 3 then body = body:gsub('"realtime":true', '"realtime":false', 1) end
  return body
end

local function load_tokens(path)
  local file = assert(io.open(path, "r"), "cannot read the tokens file " .. tostring(path))
  for line in file:lines() do
    local token, body = line:match("^%d+ (%S+) (.+)$")
    if token then
      tokens[#tokens + 1] = token
      reports[#reports + 1] = body
    end
  end
  file:close()
  assert(#tokens > 0, "no 'device_id token report' lines in " .. path)
end

local thread_count = 0
function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  load_tokens(args[1])
  -- setup() ran in wrk's main Lua state, which knows how many threads there are; this
  -- thread's state only knows its own index, so threads start a large prime apart.
  position = ((thread_index or 0) * 104729) % #tokens
end

function request()
  position = position % #tokens + 1
  local headers = {
    ["Authorization"] = "Bearer " .. tokens[position],
    ["Content-Type"] = "application/json",
  }
  return wrk.format("POST", "/agent/v1/checkin", headers, report(position, position % 4))
end
