SELECT m.ticket_id, m.disposition, t.number, t.status
FROM email_messages m LEFT JOIN tickets t ON t.id = m.ticket_id
WHERE m.source = $1 AND m.message_id = $2
