-- pgbench baseline for the email channel: one new mail per transaction script, with the statements
-- the gateway runs for POST /intake/email/{source} of a mail that names no ticket
-- (channel/email/MailIntake.java): the Message-ID look-up (email/find_message.sql, a miss), the
-- number reservation and intake (ticket/reserve_numbers.sql, accept_ticket.sql: ticket, raw MIME,
-- attachment rows, 'received' entry, acknowledgement by email) and the email_messages row
-- (email/insert_message.sql). One mail in three carries an attachment, like bench/mail/.
-- pgbench turns ':word' into a variable even inside quotes: literal colons before a letter are chr(58).
\set kind random(1, 3)

SELECT m.ticket_id, m.disposition, t.number, t.status
FROM email_messages m LEFT JOIN tickets t ON t.id = m.ticket_id
WHERE m.source = 'pgbench' AND m.message_id = 'pgbench-miss-' || :client_id::text || '@customer.example';

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
          'PB-' || :last::text, 'complaint', 'email', 'pgbench', 'pgbench-' || :last::text || '@customer.example',
          now(), '李四', '+8613912345678', 'li.si.' || :last::text || '@customer.example', NULL,
          'zh-CN', '洗衣机送货延误三周',
          '您好：我在十一月一日下单购买的洗衣机（订单号 2026110100123），承诺三天送达，到今天已经三周了还没有送到。客服电话一直打不通。请尽快安排送货，否则我要求全额退款并赔偿。联系电话 13912345678 李四',
          NULL, 'non_quality', 'general', NULL,
          'logistics', 'pending', '{}'::text[], translate('{category;non_quality;送货,route;3;logistics}', ';', chr(58))::text[],
          '{洗,衣,洗衣,机,衣机,送,机送,货,送货,延,货延,误,延误,三,误三,周,三周,您,好,您好,我,在,十,一,月,下,单,购,买,退,款,退款}'::text[])
  ON CONFLICT (source, external_id) DO NOTHING
  RETURNING id, number, status, received_at
), raw AS (
  INSERT INTO raw_inputs (ticket_id, content_type, sha256, size, bytes, received_at)
  SELECT id, 'message/rfc822', md5(b::text) || md5(b::text), octet_length(b), b, received_at
  FROM ticket, convert_to('From' || chr(58) || ' =?UTF-8?B?5p2O5Zub?= <li.si.' || :last::text || '@customer.example>' || chr(13) || chr(10)
    || 'To' || chr(58) || ' complaints@voxgate.local' || chr(13) || chr(10)
    || 'Subject' || chr(58) || ' =?UTF-8?B?5rSX6KGj5py66YCB6LSn5bu26K+v5LiJ5ZGo?=' || chr(13) || chr(10)
    || 'Message-ID' || chr(58) || ' <pgbench-' || :last::text || '@customer.example>' || chr(13) || chr(10)
    || 'MIME-Version' || chr(58) || ' 1.0' || chr(13) || chr(10)
    || 'Content-Type' || chr(58) || ' text/plain; charset=UTF-8' || chr(13) || chr(10)
    || 'Content-Transfer-Encoding' || chr(58) || ' 8bit' || chr(13) || chr(10) || chr(13) || chr(10)
    || repeat('您好：我在十一月一日下单购买的洗衣机（订单号 2026110100123），承诺三天送达，到今天已经三周了还没有送到。' || chr(13) || chr(10), 6), 'UTF8') AS b
), files AS (
  INSERT INTO attachments (id, ticket_id, filename, media_type, size, sha256)
  SELECT gen_random_uuid(), ticket.id, 'wall.png', 'image/png', 70, 'd4e1c5a1f4c3b0d56ab5f1a2a2c39ef4fb3c5b7d0f0a4d1b2c7e6f5a4b3c2d1e'
  FROM ticket WHERE :kind = 3
), received AS (
  INSERT INTO timeline (ticket_id, at, type, actor, data)
  SELECT id, received_at, 'received', 'email',
         jsonb_build_object('source', 'pgbench', 'external_id', number, 'kind', 'complaint', 'severity', 'general',
                            'department', 'logistics', 'matched', translate('["category;non_quality;送货", "route;3;logistics"]', ';', chr(58))::jsonb)
  FROM ticket
), ack AS (
  INSERT INTO outbox (ticket_id, purpose, via, state, reason, due_at)
  SELECT id, 'ack', 'email', 'pending', NULL, received_at + interval '30 minutes' FROM ticket
)
SELECT id AS ticket FROM ticket \gset
COMMIT;

INSERT INTO email_messages (source, message_id, ticket_id, disposition, raw)
VALUES ('pgbench', 'pgbench-' || :last::text || '@customer.example', :ticket::uuid, 'ticket', NULL)
ON CONFLICT (source, message_id) DO NOTHING
RETURNING message_id;
