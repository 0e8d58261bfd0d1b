-- wrk script of bench/submit: each request submits the next student's PHQ-9 + GAD-7 battery with
-- a key of its own. Lines of the prepared file ("token\tcsrf\tassignment") are dealt round-robin
-- to wrk's threads; when they run out a thread starts over, and the repeats answer as the first
-- submission did (same key: 200, nothing stored twice).
local count = 0

function setup(thread)
  thread:set("tid", count)
  count = count + 1
end

function init(args)
  nthreads = tonumber(args[2])
  lines = {}
  for line in io.lines(args[1]) do
    local token, csrf, assignment = line:match("([^\t]+)\t([^\t]+)\t([^\t]+)")
    lines[#lines + 1] = { token, csrf, assignment }
  end
  nexti = tid + 1
  repeats = 0
end

function request()
  local l = lines[nexti]
  if l == nil then
    nexti = tid + 1
    repeats = repeats + 1
    l = lines[nexti]
  end
  nexti = nexti + nthreads
  -- One student in twenty answers PHQ-9 item 9 with "several days": a level II and an alert.
  local item9 = (tonumber(l[3]) % 20 == 0) and 1 or 0
  local body = '{"idempotency_key":"bench-' .. string.format('%08d', tonumber(l[3])) .. '","answers":{"phq9":[0,1,0,2,0,1,0,0,' .. item9 ..
    ',1],"gad7":[1,0,0,1,0,0,2,0]}}'
  return wrk.format("POST", "/api/v1/assignments/" .. l[3] .. "/submission",
    { ["Cookie"] = "xq_session=" .. l[1], ["X-CSRF-Token"] = l[2], ["Content-Type"] = "application/json" }, body)
end
