SELECT id, number, kind, channel, source, external_id, status, severity, category, department, assignee,
       subject, body, body_html, customer_name, customer_phone, customer_email, customer_address,
       received_at, created_at, updated_at, ack_state, flags, matched_rules, claim_amount, language, version, overdue, complexity, resolved_at
FROM tickets
WHERE id = $1 OR number = $2
