-- wrk script of bench/submit: each request submits the next student's PHQ-9 + GAD-7 battery with
-- a key of its own. Lines of the prepared file ("token\tcsrf\tassignment") are dealt round-robin
-- to wrk's threads, and each thread formats its requests once, before the clock starts, so the
-- load generator spends its share of the two cores sending rather than building strings. When
-- they run out a thread starts over, and the repeats answer as the first submission did (same
-- key: 200, nothing stored twice).
local count = 0

function setup(thread)
  thread:set("tid", count)
  count = count + 1
end

function init(args)
  local nthreads = tonumber(args[2])
  requests = {}
  local i = 0
  for line in io.lines(args[1]) do
    if i % nthreads == tid then
      local token, csrf, assignment = line:match("([^\t]+)\t([^\t]+)\t([^\t]+)")
      -- One student in twenty answers PHQ-9 item 9 with "several days": a level II and an alert.
      local item9 = (tonumber(assignment) % 20 == 0) and 1 or 0
      local body = '{"idempotency_key":"bench-' .. string.format('%08d', tonumber(assignment)) ..
        '","answers":{"phq9":[0,1,0,2,0,1,0,0,' .. item9 .. ',1],"gad7":[1,0,0,1,0,0,2,0]}}'
      requests[#requests + 1] = wrk.format("POST", "/api/v1/assignments/" .. assignment .. "/submission",
        { ["Cookie"] = "xq_session=" .. token, ["X-CSRF-Token"] = csrf, ["Content-Type"] = "application/json" }, body)
    end
    i = i + 1
  end
  nexti = 1
end

function request()
  local r = requests[nexti]
  if r == nil then
    nexti = 1
    r = requests[1]
  end
  nexti = nexti + 1
  return r
end
