-- A held acknowledgement gets its decision now that the content is known.
WITH planned AS (
  UPDATE outbox SET via = $2, state = $3, reason = $4, next_attempt_at = now()
  WHERE ticket_id = $1 AND purpose = 'ack' AND state = 'suppressed' AND reason = 'held'
  RETURNING ticket_id
)
UPDATE tickets SET ack_state = $5 FROM planned WHERE tickets.id = planned.ticket_id RETURNING tickets.id
