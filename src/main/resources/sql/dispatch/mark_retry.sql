UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3, recipient = $4 WHERE id = $1
