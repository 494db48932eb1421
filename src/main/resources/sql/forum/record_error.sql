INSERT INTO forum_state (source, last_error_at, last_error) VALUES ($1, $2, $3)
ON CONFLICT (source) DO UPDATE SET last_error_at = EXCLUDED.last_error_at, last_error = EXCLUDED.last_error
