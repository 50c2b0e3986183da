-- wrk script: POST /agent/v1/checkin as many different devices, rotating over the tokens that
-- `keyward-agent --tokens-out FILE` wrote ("device_id token" per line).
-- Usage: wrk ... -s checkin.lua URL -- TOKENS_FILE
-- Every wrk thread starts at its own offset, so that threads do not report the same device at
-- the same moment (the server would serialise them on one row).

local tokens = {}
local position = 0
local bodies = {}

-- A few health reports, so that the server stores changing values rather than a constant row.
local function report(infections, realtime)
  return string.format(
    '{"client_version":"3.2.34","hostname":"DESKTOP-7F3K2QD","ip":"192.168.10.23",' ..
    '"domain":"corp.northwind.local","os":{"name":"Windows 11 Pro","version":"24H2",' ..
    '"build":"26100.2314"},"infections":%d,"protection":{"realtime":%s,"updates":true},' ..
    '"settings_revision":0,"command_results":[]}', infections, realtime)
end

local function load_tokens(path)
  local file = assert(io.open(path, "r"), "cannot read the tokens file " .. tostring(path))
  for line in file:lines() do
    local token = line:match("^%d+ (%S+)$")
    if token then tokens[#tokens + 1] = token end
  end
  file:close()
  assert(#tokens > 0, "no 'device_id token' lines in " .. path)
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
  bodies = { report(0, "true"), report(0, "true"), report(2, "true"), report(0, "false") }
end

function request()
  position = position % #tokens + 1
  local headers = {
    ["Authorization"] = "Bearer " .. tokens[position],
    ["Content-Type"] = "application/json",
  }
  return wrk.format("POST", "/agent/v1/checkin", headers, bodies[position % #bodies + 1])
end
