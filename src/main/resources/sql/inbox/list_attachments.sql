SELECT id, filename, media_type, size, sha256 FROM attachments WHERE ticket_id = $1 ORDER BY created_at, id
