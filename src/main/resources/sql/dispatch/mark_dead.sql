UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = $2, recipient = $3 WHERE id = $1
