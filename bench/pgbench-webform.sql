-- pgbench baseline for one web-form intake: the same writes the gateway makes per ticket, but
-- one ticket per transaction (the gateway groups concurrent intakes into one commit).
-- Mirrors src/main/resources/sql/ticket/reserve_numbers.sql and accept_ticket.sql; the values
-- are those the gateway stores for bench/run.sh's request body (checked against a real row).
-- Run with: pgbench -n -M prepared -f bench/pgbench-webform.sql (bench/run.sh does this).
-- pgbench turns every ':word' in the text into a variable, even inside quotes, so literals
-- that contain a colon before a letter or digit spell it as chr(58).

-- 1. Reserve a ticket number: the gateway's upsert on the per-day counter, in its own short
--    transaction (autocommit), as the gateway does once per batch. Its result makes the
--    number and external_id unique, so the UNIQUE constraints never collide.
INSERT INTO ticket_counters (day, last) VALUES ((now() AT TIME ZONE 'Asia/Shanghai')::date, 1)
ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + EXCLUDED.last
RETURNING last \gset

-- 2. The intake transaction: ticket, raw input, (no) attachments, 'received' timeline entry and
--    the acknowledgement outbox row, in one statement as accept_ticket.sql does.
--    The id is time-ordered like the gateway's UUIDv7 (PostgreSQL 15 has no uuidv7()), so the
--    primary-key indexes see the same append-mostly insert pattern.
BEGIN;
WITH ticket AS (
  INSERT INTO tickets (id, number, kind, channel, source, external_id, received_at,
                       customer_name, customer_phone, customer_email, customer_address,
                       language, subject, body, body_html, category, severity, claim_amount,
                       department, ack_state, flags, matched_rules, search_grams)
  VALUES ((lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
           || substr(md5(random()::text), 1, 19))::uuid,
          'PB-' || :last::text, 'complaint', 'webform', 'pgbench', 'pgbench-' || :client_id::text || '-' || :last::text,
          now(), '张三', '13800138000', NULL, NULL,
          'zh-CN', '冰箱漏水', '买的冰箱漏水，要求退款。', NULL, 'quality', 'general', NULL,
          'quality', 'pending', '{}'::text[], translate('{category;quality;漏水,route;2;quality}', ';', chr(58))::text[],
          '{冰,箱,冰箱,漏,箱漏,水,漏水,买,的,买的,的冰,水，,要,，要,求,要求,退,求退,款,退款,款。}'::text[])
  ON CONFLICT (source, external_id) DO NOTHING
  RETURNING id, number, status, received_at
), raw AS (
  INSERT INTO raw_inputs (ticket_id, content_type, sha256, size, bytes, received_at)
  SELECT id, 'application/json', 'ddaae06c3b2cd4acd021d1ce9da5fc59bc8267720becf7dd74d552bfad9318a7',
         octet_length(b), b, received_at
  FROM ticket, convert_to('{"submission_id":"pgbench-0000000000-00000000","kind":"complaint","name":"张三","phone":"13800138000","subject":"冰箱漏水","body":"买的冰箱漏水，要求退款。"}', 'UTF8') AS b
), files AS (
  INSERT INTO attachments (id, ticket_id, filename, media_type, size, sha256)
  SELECT (a ->> 'id')::uuid, ticket.id, a ->> 'filename', a ->> 'media_type', (a ->> 'size')::bigint, a ->> 'sha256'
  FROM ticket, jsonb_array_elements('[]'::jsonb) AS a
), received AS (
  INSERT INTO timeline (ticket_id, at, type, actor, data)
  SELECT id, received_at, 'received', 'webform',
         jsonb_build_object('source', 'pgbench', 'external_id', number, 'kind', 'complaint', 'severity', 'general',
                            'department', 'quality', 'matched', translate('["category;quality;漏水", "route;2;quality"]', ';', chr(58))::jsonb)
  FROM ticket
), ack AS (
  INSERT INTO outbox (ticket_id, purpose, via, state, reason, due_at)
  SELECT id, 'ack', 'sms', 'pending', NULL, received_at + interval '30 minutes' FROM ticket
)
SELECT id, number, status FROM ticket;
COMMIT;
