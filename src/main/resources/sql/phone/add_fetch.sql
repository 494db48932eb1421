INSERT INTO phone_recording_fetches (source, call_id, url) VALUES ($1, $2, $3)
ON CONFLICT (source, call_id, url) DO NOTHING
