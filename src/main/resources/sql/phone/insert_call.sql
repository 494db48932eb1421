INSERT INTO phone_calls (source, call_id, ticket_id, first_received_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (source, call_id) DO NOTHING
