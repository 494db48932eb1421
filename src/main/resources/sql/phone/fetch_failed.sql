-- $3: give up (dead) or retry at $4.
UPDATE phone_recording_fetches SET last_error = $2, state = CASE WHEN $3 THEN 'dead' ELSE 'pending' END,
  next_attempt_at = $4
WHERE id = $1
