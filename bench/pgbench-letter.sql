-- pgbench baseline for the letter channel (text-layer PDF): one letter per transaction script, with
-- the statements the gateway runs for it (channel/letter/*, sql/letter/*.sql, sql/ticket/*.sql):
-- at upload the number reservation and intake (ticket kept as a 'report' flagged 'processing',
-- metadata JSON as raw input, one attachment row for the PDF, 'received' entry, acknowledgement
-- held); then, off the request, the reading: the job claim (letter_jobs), the letter and its scans
-- read back, the revision with the text (ticket, 'text_extracted' entry, the held acknowledgement
-- planned, NOTIFY) and the job deleted. The PDF itself goes to the blob folder, not the database.
-- pgbench turns ':word' into a variable even inside quotes: literal colons before a letter are chr(58).

INSERT INTO ticket_counters (day, last) VALUES ((now() AT TIME ZONE 'Asia/Shanghai')::date, 1)
ON CONFLICT (day) DO UPDATE SET last = ticket_counters.last + EXCLUDED.last
RETURNING last \gset

BEGIN;
WITH ticket AS (
  INSERT INTO tickets (id, number, kind, channel, source, external_id, received_at,
                       customer_name, customer_phone, customer_email, customer_address,
                       language, subject, body, body_html, category, severity, claim_amount,
                       department, ack_state, flags, matched_rules, search_grams)
  VALUES ((lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
           || substr(md5(random()::text), 1, 19))::uuid,
          'PB-' || :last::text, 'report', 'letter', 'pgbench', 'letter' || chr(58) || md5(:last::text) || md5(:last::text),
          now(), 'Zhang San', NULL, NULL, 'Beijing Chaoyang Road 1',
          'en', '扫描信件 Scanned letter' || chr(58) || ' pgbench-' || :last::text || '.pdf', '', NULL, 'other', 'general', NULL,
          'customer_service', 'suppressed', '{processing}'::text[], translate('{kind;report;unread_letter}', ';', chr(58))::text[],
          '{扫,描,扫描,信,描信,件,信件,scanned,letter}'::text[])
  ON CONFLICT (source, external_id) DO NOTHING
  RETURNING id, number, status, received_at
), raw AS (
  INSERT INTO raw_inputs (ticket_id, content_type, sha256, size, bytes, received_at)
  SELECT id, 'application/json', md5(b::text) || md5(b::text), octet_length(b), b, received_at
  FROM ticket, convert_to('{"batch_id":"bench","letter_id":"pgbench-' || :last::text || '","received_at":"2026-11-23T08' || chr(58) || '00' || chr(58) || '00Z","sender_name":"Zhang San","sender_address":"Beijing Chaoyang Road 1","note": null,"uploaded_by": null,"files":[{"filename":"pgbench-' || :last::text || '.pdf","media_type":"application/pdf","size":720,"sha256":"' || md5(:last::text) || md5(:last::text) || '"}]}', 'UTF8') AS b
), files AS (
  INSERT INTO attachments (id, ticket_id, filename, media_type, size, sha256)
  SELECT gen_random_uuid(), ticket.id, 'pgbench-' || :last::text || '.pdf', 'application/pdf', 720, md5(:last::text) || md5(:last::text)
  FROM ticket
), received AS (
  INSERT INTO timeline (ticket_id, at, type, actor, data)
  SELECT id, received_at, 'received', 'letter',
         jsonb_build_object('source', 'pgbench', 'external_id', number, 'kind', 'report', 'severity', 'general',
                            'department', 'customer_service', 'matched', translate('["kind;report;unread_letter"]', ';', chr(58))::jsonb)
  FROM ticket
), ack AS (
  INSERT INTO outbox (ticket_id, purpose, via, state, reason, due_at)
  SELECT id, 'ack', 'none', 'suppressed', 'held', received_at + interval '30 minutes' FROM ticket
)
SELECT id AS ticket FROM ticket \gset
COMMIT;

-- the reading (LetterVerticle): claim, read back, revise, finish
INSERT INTO letter_jobs (ticket_id, attempts, claimed_by, claimed_until)
SELECT t.id, 1, 'pgbench', now() + 180000 * interval '1 millisecond'
FROM tickets t
WHERE t.id = :ticket::uuid AND 'processing' = ANY (t.flags)
ON CONFLICT (ticket_id) DO UPDATE
  SET attempts = letter_jobs.attempts + 1, claimed_by = EXCLUDED.claimed_by,
      claimed_until = EXCLUDED.claimed_until, updated_at = now()
  WHERE letter_jobs.claimed_until IS NULL OR letter_jobs.claimed_until < now()
RETURNING attempts;
SELECT t.source, t.external_id, t.received_at, t.customer_name, t.customer_address,
       (SELECT convert_from(r.bytes, 'UTF8') FROM raw_inputs r
        WHERE r.ticket_id = t.id AND r.content_type = 'application/json' ORDER BY r.id LIMIT 1) AS metadata
FROM tickets t WHERE t.id = :ticket::uuid;
SELECT filename, media_type, sha256 FROM attachments WHERE ticket_id = :ticket::uuid ORDER BY created_at, id;

BEGIN;
UPDATE tickets SET
  customer_name = COALESCE(customer_name, NULL), customer_phone = COALESCE(customer_phone, '+8613800138000'),
  customer_email = COALESCE(customer_email, 'zhang.san@example.com'), customer_address = COALESCE(customer_address, NULL),
  language = 'en', subject = 'Complaint letter pgbench-' || :last::text,
  body = '[pgbench-' || :last::text || '.pdf · 第1页 · 文字层 text layer]' || chr(10) || 'Complaint letter pgbench-' || :last::text || chr(10)
         || 'The refrigerator I bought leaks water.' || chr(10) || 'I ask for a refund of 2999 yuan.' || chr(10)
         || 'Phone 13800138000, mail zhang.san@example.com' || chr(10) || 'Zhang San',
  body_html = NULL, claim_amount = COALESCE(2999, claim_amount),
  kind = CASE WHEN status = 'new' THEN 'complaint' ELSE kind END,
  category = CASE WHEN status = 'new' THEN 'quality' ELSE category END,
  severity = CASE WHEN status = 'new' THEN 'general' ELSE severity END,
  department = CASE WHEN status = 'new' THEN 'quality' ELSE department END,
  flags = ARRAY(SELECT DISTINCT f FROM unnest(flags || '{}'::text[]) AS f WHERE f <> ALL('{processing}'::text[])),
  matched_rules = translate('{category;quality;leak,route;2;quality}', ';', chr(58))::text[],
  search_grams = '{complaint,letter,the,refrigerator,bought,leaks,water,ask,for,refund,2999,yuan,phone,mail,zhang,san}'::text[],
  version = version + 1, updated_at = now()
WHERE id = :ticket::uuid RETURNING id, number, status, version;
INSERT INTO timeline (ticket_id, at, type, actor, data) VALUES (:ticket::uuid, now(), 'text_extracted', 'letter',
  jsonb_build_object('pages', jsonb_build_array(jsonb_build_object('file', 'pgbench-' || :last::text || '.pdf', 'page', 1,
    'method', 'text_layer', 'confidence', NULL, 'chars', 180, 'low_confidence', false, 'problem', NULL, 'detail', NULL)),
    'flags', '[]'::jsonb, 'contacts', jsonb_build_object('mobiles', '["13800138000"]'::jsonb, 'landlines', '[]'::jsonb,
    'emails', '["zhang.san@example.com"]'::jsonb, 'address', NULL, 'postcode', NULL)));
WITH planned AS (
  UPDATE outbox SET via = 'email', state = 'pending', reason = NULL, next_attempt_at = now()
  WHERE ticket_id = :ticket::uuid AND purpose = 'ack' AND state = 'suppressed' AND reason = 'held'
  RETURNING ticket_id
)
UPDATE tickets SET ack_state = 'pending' FROM planned WHERE tickets.id = planned.ticket_id RETURNING tickets.id;
NOTIFY voxgate_outbox;
COMMIT;
DELETE FROM letter_jobs WHERE ticket_id = :ticket::uuid;
