UPDATE outbox SET state = 'sent', sent_at = $2, attempts = attempts + 1, recipient = $3, message_id = $4,
  last_error = NULL WHERE id = $1
