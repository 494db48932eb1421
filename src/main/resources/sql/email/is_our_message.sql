SELECT ticket_id FROM outbox WHERE message_id = ANY($1::text[]) LIMIT 1
