INSERT INTO email_messages (source, message_id, ticket_id, disposition, raw)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (source, message_id) DO NOTHING
RETURNING message_id
