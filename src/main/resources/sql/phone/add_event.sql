INSERT INTO phone_call_events (source, call_id, event_hash, event, received_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (source, call_id, event_hash) DO NOTHING
RETURNING id
