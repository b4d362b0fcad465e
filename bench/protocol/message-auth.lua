-- message.lua (../shared/bench) plus the channel token: the same Teams personal-chat message, authenticated.
local token = io.open(os.getenv("TOKEN_FILE")):read("*a")
dofile(os.getenv("MESSAGE_LUA"))
local unsigned = request
request = function()
  local r = unsigned()
  return r:gsub("Content%-Type: application/json\r\n", "Content-Type: application/json\r\nAuthorization: Bearer " .. token .. "\r\n", 1)
end
