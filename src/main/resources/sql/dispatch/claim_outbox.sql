-- Due messages, each claimed by one dispatcher; held rows (suppressed) are never picked.
SELECT o.id, o.ticket_id, o.purpose, o.via, o.attempts, o.recipient,
       o.payload || jsonb_build_object('source', t.source) AS payload, o.created_at,
       t.number, t.kind, t.channel, t.external_id, t.received_at, t.created_at AS ticket_created_at,
       t.customer_name, t.customer_email, t.customer_phone, t.language, t.subject, t.department, t.severity,
       t.status, t.flags, t.complexity,
       (SELECT array_agg(p.message_id ORDER BY p.id) FROM outbox p
         WHERE p.ticket_id = o.ticket_id AND p.message_id IS NOT NULL AND p.state = 'sent'
           AND p.purpose IN ('ack', 'reply')) AS earlier_ids
FROM outbox o JOIN tickets t ON t.id = o.ticket_id
WHERE o.state = 'pending' AND o.next_attempt_at <= $1 AND t.dispatched_at IS NOT NULL
ORDER BY o.next_attempt_at LIMIT $2
FOR UPDATE OF o SKIP LOCKED
