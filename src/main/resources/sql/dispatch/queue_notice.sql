-- A message to staff (reminder, overdue, escalation): sent by the dispatcher like any other.
INSERT INTO outbox (ticket_id, purpose, via, state, recipient, due_at, next_attempt_at, payload)
VALUES ($1, $2, 'email', 'pending', $3, $4, $4, $5::jsonb)
