-- Filters are appended as AND conditions by TicketQueries; newest first, keyset-paged on the time-ordered id.
SELECT id, number, kind, channel, source, external_id, status, severity, category, department, assignee,
       subject, customer_name, customer_phone, customer_email, received_at, created_at, ack_state, flags,
       claim_amount, language, overdue, complexity,
       (SELECT jsonb_object_agg(c.clock, c.due_at) FROM ticket_clocks c
        WHERE c.ticket_id = tickets.id AND c.stopped_at IS NULL) AS deadlines
FROM tickets
WHERE true
