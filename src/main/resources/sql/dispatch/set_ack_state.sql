-- The acknowledgement's outcome on the ticket; a sent one moves a new ticket to acknowledged.
UPDATE tickets SET ack_state = $2, updated_at = $3,
  status = CASE WHEN $2 = 'sent' AND status = 'new' THEN 'acknowledged' ELSE status END
WHERE id = $1
