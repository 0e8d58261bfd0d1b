-- wrk script of bench/search: each request is the next search of the prepared file
-- ("token\tpath"), as its account; every thread walks the whole list from its own start, so the
-- broad searches and the narrow ones are mixed in every second of the run.
local count = 0

function setup(thread)
  thread:set("tid", count)
  count = count + 1
end

function init(args)
  requests = {}
  for line in io.lines(args[1]) do
    local token, path = line:match("([^\t]+)\t([^\t]+)")
    requests[#requests + 1] = wrk.format("GET", path, { ["Cookie"] = "xq_session=" .. token })
  end
  nexti = 1 + (tid * 7919) % #requests
end

function request()
  local r = requests[nexti]
  nexti = nexti % #requests + 1
  return r
end
