INSERT INTO outbox (ticket_id, purpose, via, state, due_at, next_attempt_at, payload)
VALUES ($1, 'reply', $2, 'pending', $3, $3, $4)
RETURNING id
