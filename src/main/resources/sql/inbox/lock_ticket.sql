SELECT id, number, kind, channel, department, assignee, status, category, severity, complexity, flags, version,
       customer_email, customer_phone, customer_address, resolved_at
FROM tickets
WHERE id = $1 OR number = $2
FOR UPDATE
