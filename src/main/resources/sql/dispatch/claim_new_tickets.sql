-- Tickets the dispatcher has not taken on yet; ack_owed: an acknowledgement is to be sent (or is held
-- until the content is known), so the ack clock runs.
SELECT t.id, t.number, t.kind, t.channel, t.received_at, t.severity, t.complexity, t.status, t.department,
       t.subject, array_to_string(t.matched_rules, ', ') AS rules, t.language, t.customer_name,
       EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id AND o.purpose = 'ack'
                 AND ((o.state = 'pending' AND o.via IN ('email', 'sms', 'callback'))
                   OR (o.state = 'suppressed' AND o.reason = 'held'))) AS ack_owed
FROM tickets t WHERE t.dispatched_at IS NULL
ORDER BY t.created_at LIMIT $1 FOR UPDATE OF t SKIP LOCKED
