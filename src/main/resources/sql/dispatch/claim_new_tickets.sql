SELECT id, number, kind, channel, received_at, severity, complexity, status, department, subject,
       array_to_string(matched_rules, ', ') AS rules, language, customer_name
FROM tickets WHERE dispatched_at IS NULL
ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED
