SELECT count(*) FROM outbox WHERE recipient = $1 AND state = 'sent' AND sent_at > $2 AND purpose = 'ack'
