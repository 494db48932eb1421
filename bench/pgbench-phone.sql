-- pgbench baseline for the phone channel: ONE CALL per transaction script = the three requests
-- bench/IntakeLoad.java sends per call (newCall, answer, hangup), with the statements the gateway
-- runs for each (channel/phone/PhoneCalls.java, sql/phone/*.sql, sql/ticket/*.sql), one event
-- after another. bench/run.sh reports its rate as 3 x tps (requests), comparable to the gateway's
-- requests/s. Values are those of the benchmark's calls, shortened where they do not change the work.
-- pgbench turns ':word' into a variable even inside quotes: literal colons before a letter are chr(58).

-- ---- event 1 (newCall): the call is unknown (find_call misses), so the intake makes its ticket
SELECT c.ticket_id, t.number, t.status FROM phone_calls c JOIN tickets t ON t.id = c.ticket_id
WHERE c.source = 'pgbench' AND c.call_id = 'pgbench-miss-' || :client_id::text;

INSERT INTO ticket_counters (day, last) VALUES ((now() AT TIME ZONE 'Asia/Shanghai')::date, 1)
ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + EXCLUDED.last
RETURNING last \gset

-- accept_ticket.sql: ticket, raw event, 'received' entry, held acknowledgement (suppressed/held)
BEGIN;
WITH ticket AS (
  INSERT INTO tickets (id, number, kind, channel, source, external_id, received_at,
                       customer_name, customer_phone, customer_email, customer_address,
                       language, subject, body, body_html, category, severity, claim_amount,
                       department, ack_state, flags, matched_rules, search_grams)
  VALUES ((lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
           || substr(md5(random()::text), 1, 19))::uuid,
          'PB-' || :last::text, 'complaint', 'phone', 'pgbench', 'pgbench-' || :last::text,
          now(), NULL, '+8613900000001', NULL, NULL,
          'zh-CN', '来电 / Call from +8613900000001', '通话 / Call pgbench: 呼入 inbound, from 13900000001', NULL, 'other', 'general', NULL,
          'customer_service', 'suppressed', '{}'::text[], '{}'::text[],
          '{来,电,来电,呼,入,呼入}'::text[])
  ON CONFLICT (source, external_id) DO NOTHING
  RETURNING id, number, status, received_at
), raw AS (
  INSERT INTO raw_inputs (ticket_id, content_type, sha256, size, bytes, received_at)
  SELECT id, 'application/json', md5(b::text) || md5(b::text), octet_length(b), b, received_at
  FROM ticket, convert_to('{"event":"newCall","direction":"in","from":"13900000001","to":"4008001234","callId":"pgbench-' || :last::text || '","timestamp":"2026-11-20T02' || chr(58) || '00' || chr(58) || '00Z"}', 'UTF8') AS b
), received AS (
  INSERT INTO timeline (ticket_id, at, type, actor, data)
  SELECT id, received_at, 'received', 'phone',
         jsonb_build_object('source', 'pgbench', 'external_id', 'pgbench-' || :last::text, 'kind', 'complaint',
                            'severity', 'general', 'department', 'customer_service', 'matched', '[]'::jsonb)
  FROM ticket
), ack AS (
  INSERT INTO outbox (ticket_id, purpose, via, state, reason, due_at)
  SELECT id, 'ack', 'none', 'suppressed', 'held', received_at + interval '30 minutes' FROM ticket
)
SELECT id AS ticket FROM ticket \gset
COMMIT;

-- merge of event 1: call row, its lock, the event, all events of the call, call and ticket revised
BEGIN;
INSERT INTO phone_calls (source, call_id, ticket_id, first_received_at) VALUES ('pgbench', 'pgbench-' || :last::text, :ticket::uuid, now())
ON CONFLICT (source, call_id) DO NOTHING;
SELECT c.ticket_id, t.number, t.status, c.first_received_at FROM phone_calls c JOIN tickets t ON t.id = c.ticket_id
WHERE c.source = 'pgbench' AND c.call_id = 'pgbench-' || :last::text FOR UPDATE OF c;
INSERT INTO phone_call_events (source, call_id, event_hash, event, received_at)
VALUES ('pgbench', 'pgbench-' || :last::text, md5('newCall' || :last::text),
        jsonb_build_object('event', 'newCall', 'call_id', 'pgbench-' || :last::text, 'from', '13900000001', 'to', '4008001234', 'started_at', now()), now())
ON CONFLICT (source, call_id, event_hash) DO NOTHING RETURNING id;
SELECT event FROM phone_call_events WHERE source = 'pgbench' AND call_id = 'pgbench-' || :last::text ORDER BY id;
UPDATE phone_calls SET direction = 'in', started_at = now(), answered_at = NULL, ended_at = NULL, talk_seconds = NULL,
  missed = false, ring_deadline = now() + interval '60 seconds', updated_at = now()
WHERE source = 'pgbench' AND call_id = 'pgbench-' || :last::text;
UPDATE tickets SET customer_name = COALESCE(customer_name, NULL), customer_phone = COALESCE(customer_phone, '+8613900000001'),
  language = 'zh-CN', subject = '来电 / Call from +8613900000001', body = '通话 / Call pgbench: 呼入 inbound, from 13900000001',
  body_html = NULL, kind = CASE WHEN status = 'new' THEN 'complaint' ELSE kind END,
  category = CASE WHEN status = 'new' THEN 'other' ELSE category END, severity = CASE WHEN status = 'new' THEN 'general' ELSE severity END,
  department = CASE WHEN status = 'new' THEN 'customer_service' ELSE department END,
  flags = ARRAY(SELECT DISTINCT f FROM unnest(flags || '{}'::text[]) AS f WHERE f <> ALL('{callback_needed}'::text[])),
  matched_rules = '{}'::text[], search_grams = '{来,电,来电,呼,入,呼入}'::text[], version = version + 1, updated_at = now()
WHERE id = :ticket::uuid RETURNING id, number, status, version;
INSERT INTO timeline (ticket_id, at, type, actor, data) VALUES (:ticket::uuid, now(), 'call_ringing', 'phone',
  jsonb_build_object('call_id', 'pgbench-' || :last::text, 'direction', 'in', 'from', '13900000001', 'to', '4008001234'));
DELETE FROM ticket_clocks WHERE ticket_id = :ticket::uuid AND clock = 'callback' AND stopped_at IS NULL;
COMMIT;

-- ---- event 2 (answer): the call is known; merge as above plus the event's raw input
SELECT c.ticket_id, t.number, t.status FROM phone_calls c JOIN tickets t ON t.id = c.ticket_id
WHERE c.source = 'pgbench' AND c.call_id = 'pgbench-' || :last::text;
BEGIN;
INSERT INTO phone_calls (source, call_id, ticket_id, first_received_at) VALUES ('pgbench', 'pgbench-' || :last::text, :ticket::uuid, now())
ON CONFLICT (source, call_id) DO NOTHING;
SELECT c.ticket_id, t.number, t.status, c.first_received_at FROM phone_calls c JOIN tickets t ON t.id = c.ticket_id
WHERE c.source = 'pgbench' AND c.call_id = 'pgbench-' || :last::text FOR UPDATE OF c;
INSERT INTO phone_call_events (source, call_id, event_hash, event, received_at)
VALUES ('pgbench', 'pgbench-' || :last::text, md5('answer' || :last::text),
        jsonb_build_object('event', 'answer', 'call_id', 'pgbench-' || :last::text, 'answered_by', 'agent-7', 'answered_at', now()), now())
ON CONFLICT (source, call_id, event_hash) DO NOTHING RETURNING id;
SELECT event FROM phone_call_events WHERE source = 'pgbench' AND call_id = 'pgbench-' || :last::text ORDER BY id;
UPDATE phone_calls SET direction = 'in', started_at = now(), answered_at = now(), ended_at = NULL, talk_seconds = NULL,
  missed = false, ring_deadline = NULL, updated_at = now()
WHERE source = 'pgbench' AND call_id = 'pgbench-' || :last::text;
UPDATE tickets SET customer_name = COALESCE(customer_name, NULL), customer_phone = COALESCE(customer_phone, '+8613900000001'),
  language = 'zh-CN', subject = '来电 / Call from +8613900000001',
  body = '通话 / Call pgbench: 呼入 inbound, from 13900000001' || chr(10) || '接听 / Answered by agent-7',
  body_html = NULL, kind = CASE WHEN status = 'new' THEN 'complaint' ELSE kind END,
  category = CASE WHEN status = 'new' THEN 'other' ELSE category END, severity = CASE WHEN status = 'new' THEN 'general' ELSE severity END,
  department = CASE WHEN status = 'new' THEN 'customer_service' ELSE department END,
  flags = ARRAY(SELECT DISTINCT f FROM unnest(flags || '{}'::text[]) AS f WHERE f <> ALL('{callback_needed}'::text[])),
  matched_rules = '{}'::text[], search_grams = '{来,电,来电,呼,入,呼入,接,听,接听}'::text[], version = version + 1, updated_at = now()
WHERE id = :ticket::uuid RETURNING id, number, status, version;
INSERT INTO raw_inputs (ticket_id, content_type, sha256, size, bytes, received_at)
SELECT :ticket::uuid, 'application/json', md5(b::text) || md5(b::text), octet_length(b), b, now()
FROM convert_to('{"event":"answer","direction":"in","callId":"pgbench-' || :last::text || '","answeringNumber":"agent-7","timestamp":"2026-11-20T02' || chr(58) || '00' || chr(58) || '05Z"}', 'UTF8') AS b;
INSERT INTO timeline (ticket_id, at, type, actor, data) VALUES (:ticket::uuid, now(), 'call_answered', 'phone',
  jsonb_build_object('by', 'agent-7', 'talk_seconds', NULL));
DELETE FROM ticket_clocks WHERE ticket_id = :ticket::uuid AND clock = 'callback' AND stopped_at IS NULL;
COMMIT;

-- ---- event 3 (hangup): as event 2, and the held acknowledgement is planned now (SMS) with a NOTIFY
SELECT c.ticket_id, t.number, t.status FROM phone_calls c JOIN tickets t ON t.id = c.ticket_id
WHERE c.source = 'pgbench' AND c.call_id = 'pgbench-' || :last::text;
BEGIN;
INSERT INTO phone_calls (source, call_id, ticket_id, first_received_at) VALUES ('pgbench', 'pgbench-' || :last::text, :ticket::uuid, now())
ON CONFLICT (source, call_id) DO NOTHING;
SELECT c.ticket_id, t.number, t.status, c.first_received_at FROM phone_calls c JOIN tickets t ON t.id = c.ticket_id
WHERE c.source = 'pgbench' AND c.call_id = 'pgbench-' || :last::text FOR UPDATE OF c;
INSERT INTO phone_call_events (source, call_id, event_hash, event, received_at)
VALUES ('pgbench', 'pgbench-' || :last::text, md5('hangup' || :last::text),
        jsonb_build_object('event', 'hangup', 'call_id', 'pgbench-' || :last::text, 'cause', 'normalClearing', 'ended_at', now()), now())
ON CONFLICT (source, call_id, event_hash) DO NOTHING RETURNING id;
SELECT event FROM phone_call_events WHERE source = 'pgbench' AND call_id = 'pgbench-' || :last::text ORDER BY id;
UPDATE phone_calls SET direction = 'in', started_at = now(), answered_at = now(), ended_at = now(), talk_seconds = 60,
  missed = false, ring_deadline = NULL, updated_at = now()
WHERE source = 'pgbench' AND call_id = 'pgbench-' || :last::text;
UPDATE tickets SET customer_name = COALESCE(customer_name, NULL), customer_phone = COALESCE(customer_phone, '+8613900000001'),
  language = 'zh-CN', subject = '来电 / Call from +8613900000001',
  body = '通话 / Call pgbench: 呼入 inbound, from 13900000001' || chr(10) || '接听 / Answered by agent-7' || chr(10)
         || '结束 / Ended' || chr(58) || ' normalClearing, 通话时长 / duration 60 s',
  body_html = NULL, kind = CASE WHEN status = 'new' THEN 'complaint' ELSE kind END,
  category = CASE WHEN status = 'new' THEN 'other' ELSE category END, severity = CASE WHEN status = 'new' THEN 'general' ELSE severity END,
  department = CASE WHEN status = 'new' THEN 'customer_service' ELSE department END,
  flags = ARRAY(SELECT DISTINCT f FROM unnest(flags || '{}'::text[]) AS f WHERE f <> ALL('{callback_needed}'::text[])),
  matched_rules = '{}'::text[], search_grams = '{来,电,来电,呼,入,呼入,接,听,接听,结,束,结束}'::text[], version = version + 1, updated_at = now()
WHERE id = :ticket::uuid RETURNING id, number, status, version;
INSERT INTO raw_inputs (ticket_id, content_type, sha256, size, bytes, received_at)
SELECT :ticket::uuid, 'application/json', md5(b::text) || md5(b::text), octet_length(b), b, now()
FROM convert_to('{"event":"hangup","direction":"in","callId":"pgbench-' || :last::text || '","cause":"normalClearing","timestamp":"2026-11-20T02' || chr(58) || '01' || chr(58) || '05Z"}', 'UTF8') AS b;
INSERT INTO timeline (ticket_id, at, type, actor, data) VALUES (:ticket::uuid, now(), 'call_ended', 'phone',
  jsonb_build_object('cause', 'normalClearing', 'answered', true, 'talk_seconds', 60, 'ring_seconds', 5));
WITH planned AS (
  UPDATE outbox SET via = 'sms', state = 'pending', reason = NULL, next_attempt_at = now()
  WHERE ticket_id = :ticket::uuid AND purpose = 'ack' AND state = 'suppressed' AND reason = 'held'
  RETURNING ticket_id
)
UPDATE tickets SET ack_state = 'pending' FROM planned WHERE tickets.id = planned.ticket_id RETURNING tickets.id;
NOTIFY voxgate_outbox;
DELETE FROM ticket_clocks WHERE ticket_id = :ticket::uuid AND clock = 'callback' AND stopped_at IS NULL;
COMMIT;
