-- One intake: the ticket and, only if it is new, its raw input, attachments, 'received' entry, ack outbox row
-- and the deadline clocks its channel started.
WITH ticket AS (
  INSERT INTO tickets (id, number, kind, channel, source, external_id, received_at,
                       customer_name, customer_phone, customer_email, customer_address,
                       language, subject, body, body_html, category, severity, claim_amount,
                       department, ack_state, flags, matched_rules, search_grams)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
          $21, $22, $23)
  ON CONFLICT (source, external_id) DO NOTHING
  RETURNING id, number, status, received_at
), raw AS (
  INSERT INTO raw_inputs (ticket_id, content_type, sha256, size, bytes, received_at)
  SELECT id, $24::text, $25::text, octet_length($26::bytea), $26::bytea, received_at FROM ticket
), files AS (
  INSERT INTO attachments (id, ticket_id, filename, media_type, size, sha256)
  SELECT (a ->> 'id')::uuid, ticket.id, a ->> 'filename', a ->> 'media_type', (a ->> 'size')::bigint, a ->> 'sha256'
  FROM ticket, jsonb_array_elements($27::jsonb) AS a
), received AS (
  INSERT INTO timeline (ticket_id, at, type, actor, data)
  SELECT id, received_at, 'received', $4, $28::jsonb FROM ticket
), ack AS (
  INSERT INTO outbox (ticket_id, purpose, via, state, reason, due_at)
  SELECT id, 'ack', way, $30::text, $31::text, $32::timestamptz FROM ticket, unnest($29::text[]) AS way
), clocks AS (
  INSERT INTO ticket_clocks (ticket_id, clock, started_at, due_at)
  SELECT ticket.id, c ->> 'clock', ticket.received_at, (c ->> 'due')::timestamptz
  FROM ticket, jsonb_array_elements($33::jsonb) AS c
)
SELECT id, number, status FROM ticket
