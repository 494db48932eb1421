-- Tickets a reply may belong to: named by number, by the Message-ID of their first mail, of a
-- later mail of the customer, or of a mail we sent. $1 numbers, $2 message ids (with <>).
SELECT t.id, t.number, t.status, t.customer_email, t.source
FROM tickets t
WHERE t.number = ANY($1::text[])
   OR (t.channel = 'email' AND t.external_id = ANY($2::text[]))
   OR t.id IN (SELECT m.ticket_id FROM email_messages m WHERE m.message_id = ANY($2::text[]) AND m.ticket_id IS NOT NULL)
   OR t.id IN (SELECT o.ticket_id FROM outbox o WHERE o.message_id = ANY($2::text[]))
ORDER BY t.id
