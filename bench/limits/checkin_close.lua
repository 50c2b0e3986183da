-- wrk script: the check-ins of bench/checkin/checkin.lua (path in KEYWARD_CHECKIN_LUA), each
-- on a new connection ("Connection: close"), so that every request must be admitted anew, which
-- is what the connection attacks aim at.
dofile(os.getenv("KEYWARD_CHECKIN_LUA"))

local keep_alive_request = request
function request()
  local text = keep_alive_request()
  return (text:gsub("\r\n", "\r\nConnection: close\r\n", 1))
end
