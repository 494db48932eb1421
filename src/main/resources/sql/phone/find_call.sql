SELECT c.ticket_id, t.number, t.status FROM phone_calls c JOIN tickets t ON t.id = c.ticket_id
WHERE c.source = $1 AND c.call_id = $2
