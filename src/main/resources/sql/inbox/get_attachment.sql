SELECT a.id, a.filename, a.media_type, a.size, a.sha256, t.kind, t.department
FROM attachments a JOIN tickets t ON t.id = a.ticket_id
WHERE a.id = $1
