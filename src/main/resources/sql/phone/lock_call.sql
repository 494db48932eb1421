-- Serialises the events of one call: each is merged inside the transaction holding this lock.
SELECT c.ticket_id, t.number, t.status, c.first_received_at FROM phone_calls c JOIN tickets t ON t.id = c.ticket_id
WHERE c.source = $1 AND c.call_id = $2
FOR UPDATE OF c
