-- Filters are appended as AND conditions by TicketQueries; newest first, keyset-paged on the time-ordered id.
SELECT id, number, kind, channel, source, external_id, status, severity, category, department, assignee,
       subject, customer_name, customer_phone, customer_email, received_at, created_at, ack_state, flags,
       claim_amount, language, overdue, complexity
FROM tickets
WHERE true
