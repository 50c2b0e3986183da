-- wrk script: POST /agent/v1/checkin as many different devices, rotating over the tokens that
-- `keyward-agent --tokens-out FILE` wrote ("device_id token" per line).
-- Usage: wrk ... -s checkin.lua URL -- TOKENS_FILE
-- Every wrk thread starts at its own offset, so that threads do not report the same device at
-- the same moment (the server would serialise them on one row).

local tokens = {}
local ids = {}
local position = 0

-- The report of device `id`: its own host name (the server marks devices that share one for
-- review, so one name for the whole fleet would measure that instead of check-ins) and a few
-- changing values, so that the server stores changing rows rather than a constant one.
local function report(id, variant)
  return string.format(
    '{"client_version":"3.2.34","hostname":"DESKTOP-%07X","ip":"192.168.10.23",' ..
    '"domain":"corp.northwind.local","os":{"name":"Windows 11 Pro","version":"24H2",' ..
    '"build":"26100.2314"},"infections":%d,"protection":{"realtime":%s,"updates":true},' ..
    '"settings_revision":0,"command_results":[]}', id, variant == 2 and 2 or 0,
    variant == 3 and "false" or "true")
end

local function load_tokens(path)
  local file = assert(io.open(path, "r"), "cannot read the tokens file " .. tostring(path))
  for line in file:lines() do
    local id, token = line:match("^(%d+) (%S+)$")
    if token then
      ids[#ids + 1] = tonumber(id)
      tokens[#tokens + 1] = token
    end
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
end

function request()
  position = position % #tokens + 1
  local headers = {
    ["Authorization"] = "Bearer " .. tokens[position],
    ["Content-Type"] = "application/json",
  }
  return wrk.format("POST", "/agent/v1/checkin", headers, report(ids[position], position % 4))
end
