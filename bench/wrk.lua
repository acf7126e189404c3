-- wrk script for tools/run-bench: POSTs prepared bodies with fixed
-- headers and, optionally, a delivery id unique to each request, so that
-- no delivery is ever taken for a duplicate.
--
--   wrk ... -s bench/wrk.lua URL -- BODIES PATH RUN_ID ID_HEADER [NAME: VALUE]...
--
-- BODIES: a file of one request per line, "TARGET<TAB>BODY"; each request
--   picks a line at random.
-- PATH: the request path; "{t}" in it becomes the line's TARGET.
-- RUN_ID: a token unique to this wrk run; delivery ids are
--   RUN_ID-THREAD-N.
-- ID_HEADER: the header carrying the delivery id, or "-" for none.

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_index", thread_count)
end

local lines = {}
local path_template, run_id, id_header
local headers = {}
local sent = 0

function init(args)
  local file = assert(io.open(args[1], "rb"), "cannot open " .. args[1])
  for line in file:lines() do
    local tab = line:find("\t", 1, true)
    lines[#lines + 1] = { line:sub(1, tab - 1), line:sub(tab + 1) }
  end
  file:close()
  assert(#lines > 0, "no bodies in " .. args[1])
  path_template, run_id, id_header = args[2], args[3], args[4]
  for i = 5, #args do
    local name, value = args[i]:match("^([^:]+):%s*(.*)$")
    headers[name] = value
  end
  math.randomseed(os.time() * 1000 + (thread_index or 0))
end

function request()
  local line = lines[math.random(#lines)]
  sent = sent + 1
  if id_header ~= "-" then
    headers[id_header] = run_id .. "-" .. (thread_index or 0) .. "-" .. sent
  end
  local path = path_template:gsub("{t}", line[1])
  return wrk.format("POST", path, headers, line[2])
end
