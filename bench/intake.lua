-- wrk script for bench/run.sh: POST /intake/webform with a JSON body whose submission_id is
-- unique per request (a repeated id is a re-delivery: 200 and nothing written, which would
-- flatter the gateway).
--
-- Environment:
--   BENCH_ID_PREFIX  makes ids unique across wrk runs (run.sh passes run id + phase)
--   BENCH_RATE       if set: total requests/s to pace to (open-model-ish load for the
--                    "p99 at half peak" line; wrk2 is not packaged in Debian). Latency is
--                    still measured from the actual send, so a server that falls behind
--                    is under-reported (no coordinated-omission correction as in wrk2).
--   BENCH_EMAIL      if set: each ticket gives its own address <id>@<BENCH_EMAIL> instead of a phone
--                    (bench/ack-latency.sh: acknowledgements by mail, no per-recipient cap hit)
--
-- done() prints one machine-readable line "BENCH key=value ..." that run.sh parses.

local prefix = os.getenv("BENCH_ID_PREFIX") or ("b" .. os.time())
local rate = tonumber(os.getenv("BENCH_RATE") or "")

local threads = {}
local nthreads = 0

-- main state: number the threads so ids never collide between them
function setup(thread)
  nthreads = nthreads + 1
  thread:set("tid", nthreads)
  table.insert(threads, thread)
end

local counter = 0
statuses = {} -- global: done() reads it from each thread with thread:get
local headers = { ["Content-Type"] = "application/json" }
local template = '{"submission_id":"%s","kind":"complaint","name":"张三","phone":"13800138000",'
  .. '"subject":"冰箱漏水","body":"买的冰箱漏水，要求退款。"}'

function init(args)
  statuses = {}
end

local email_domain = os.getenv("BENCH_EMAIL")

function request()
  counter = counter + 1
  local id = string.format("%s-t%d-%d", prefix, tid, counter)
  local body = string.format(template, id)
  if email_domain then
    body = body:gsub('"phone":"13800138000"', '"email":"' .. id .. '@' .. email_domain .. '"')
  end
  return wrk.format("POST", "/intake/webform", headers, body)
end

-- Count every status code, so run.sh can tell 201 (new ticket) from 200 (re-delivery: an id
-- collision in this script) and from errors.
function response(status, hdrs, body)
  statuses[status] = (statuses[status] or 0) + 1
end

if rate then
  -- Pacing: each thread owns rate/nthreads of the load and hands out send slots on a fixed
  -- schedule; a connection asking for its next request waits until the next free slot.
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clk, bench_timespec *ts);
  ]]
  local ts = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local next_slot = nil
  local interval = nil

  function delay()
    local now = now_ms()
    if not interval then
      local per_thread = rate / tonumber(os.getenv("BENCH_THREADS") or "1")
      interval = 1000 / per_thread
      next_slot = now
    end
    local slot = next_slot
    next_slot = next_slot + interval
    -- a slot already in the past is sent at once (catch up), never skipped
    if slot <= now then return 0 end
    return math.floor(slot - now)
  end
end

function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    if s then
      for code, n in pairs(s) do counts[code] = (counts[code] or 0) + n end
    end
  end
  local created, redelivered, other, codes = 0, 0, 0, {}
  for code, n in pairs(counts) do
    if code == 201 then created = created + n
    elseif code == 200 then redelivered = redelivered + n
    end
    if code < 200 or code > 299 then other = other + n end
    table.insert(codes, code .. ":" .. n)
  end
  table.sort(codes)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f "
      .. "created=%d redelivered=%d non2xx=%d socket_errors=%d codes=%s\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, created, redelivered, other,
    e.connect + e.read + e.write + e.timeout, table.concat(codes, ",")))
end
