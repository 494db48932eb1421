UPDATE outbox SET state = 'suppressed', reason = $2, recipient = $3 WHERE id = $1
