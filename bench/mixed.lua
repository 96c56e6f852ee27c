-- A mixed RealWorld load for wrk: reads spread evenly over the read groups (tags, article, list, feed), writes
-- (favorite, unfavorite, comment) by seeded users, in the share given. bench/conduit.sh writes the request file
-- and runs it; by hand:
--   wrk -t2 -c32 -d20s -s bench/mixed.lua http://127.0.0.1:PORT -- REQUESTS_FILE [WRITE_PERCENT [MAX_PER_THREAD]]
-- REQUESTS_FILE: one request a line, tab-separated: read|write, group, method, path, credentials, body (may be empty);
-- credentials: -, a RealWorld token (sent as "Authorization: Token ..."), or a whole header line ("Cookie: a=b").
-- A request is a write with probability WRITE_PERCENT (default 5), then a group is picked evenly among that kind's
-- groups, then a line evenly within the group. MAX_PER_THREAD > 0 stops each thread after that many responses and
-- prints STOPPED (-t1 -c1 with 1000: exactly 1,000 requests; wrk still waits for -d, so interrupt it with SIGINT).
-- Each response is counted once, per thread: non-2xx as an error; else as a write when its body is a comment
-- ({"comment": ...}) or an article whose slug only the write lines name (keep the article slugs of reads and writes
-- apart), else as a read. done() adds the threads' counts and prints one line:
--   MIXED seconds=S reads=N writes=N errors=N socket_errors=N reads_per_s=R writes_per_s=W p99_ms=P non2xx=CODE:N,...
local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

local function split(line)
   local fields = {}
   for field in (line .. "\t"):gmatch("([^\t]*)\t") do table.insert(fields, field) end
   return fields
end

function init(args)
   local file = assert(args[1], "usage: -- REQUESTS_FILE [WRITE_PERCENT [MAX_PER_THREAD]]")
   write_share = (tonumber(args[2]) or 5) / 100
   max_responses = tonumber(args[3]) or 0
   math.randomseed(os.time() * 1000 + (id or 1) * 7919)
   -- groups[kind] = { {name, requests = {...}}, ... }, requests pre-formatted once here
   groups = { read = {}, write = {} }
   local index = { read = {}, write = {} }
   write_slugs = {}
   for line in io.lines(file) do
      if line ~= "" then
         local f = split(line)
         local kind, group, method, path, token, body = f[1], f[2], f[3], f[4], f[5], f[6]
         local headers = {}
         if token ~= nil and token:find(": ", 1, true) then
            local name, value = token:match("^([^:]+): (.*)$")
            headers[name] = value
         elseif token ~= nil and token ~= "-" and token ~= "" then
            headers["Authorization"] = "Token " .. token
         end
         if body ~= nil and body ~= "" then headers["Content-Type"] = "application/json" else body = nil end
         if not index[kind][group] then
            index[kind][group] = { name = group, requests = {} }
            table.insert(groups[kind], index[kind][group])
         end
         table.insert(index[kind][group].requests, wrk.format(method, path, headers, body))
         if kind == "write" then
            local slug = path:match("/articles/([^/?]+)")
            if slug then write_slugs[slug] = true end
         end
      end
   end
   assert(#groups.read > 0 or #groups.write > 0, "no requests in " .. file)
   if #groups.write == 0 then write_share = 0 end
   if #groups.read == 0 then write_share = 1 end
   reads, writes, errors, responses = 0, 0, 0, 0
   statuses = {}   -- non-2xx status -> count
end

local function pick(list) return list[math.random(#list)] end

function request()
   local kind = (math.random() < write_share) and "write" or "read"
   return pick(pick(groups[kind]).requests)
end

function response(status, headers, body)
   responses = responses + 1
   if status < 200 or status > 299 then
      errors = errors + 1
      statuses[status] = (statuses[status] or 0) + 1
   elseif body:sub(1, 11) == '{"comment":' then
      writes = writes + 1
   elseif body:sub(1, 11) == '{"article":' and write_slugs[body:match('"slug":"([^"]*)"') or ""] then
      writes = writes + 1
   else
      reads = reads + 1
   end
   if max_responses > 0 and responses == max_responses then
      -- wrk waits for -d even when every thread has stopped: the caller interrupts it (SIGINT) on this line
      io.write("STOPPED\n")
      io.flush()
      wrk.thread:stop()
   end
end

function done(summary, latency, requests)
   local r, w, e, by_status = 0, 0, 0, {}
   for _, thread in ipairs(threads) do
      r = r + thread:get("reads")
      w = w + thread:get("writes")
      e = e + thread:get("errors")
      for status, count in pairs(thread:get("statuses")) do by_status[status] = (by_status[status] or 0) + count end
   end
   local codes = {}
   for status, count in pairs(by_status) do table.insert(codes, status .. ":" .. count) end
   table.sort(codes)
   local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
   local seconds = summary.duration / 1e6
   io.write(string.format("MIXED seconds=%.2f reads=%d writes=%d errors=%d socket_errors=%d reads_per_s=%.1f writes_per_s=%.1f p99_ms=%.2f non2xx=%s\n",
      seconds, r, w, e, socket, r / seconds, w / seconds, latency:percentile(99.0) / 1000, #codes > 0 and table.concat(codes, ",") or "-"))
end
