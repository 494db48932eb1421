SELECT filename, media_type, sha256 FROM attachments WHERE ticket_id = $1 ORDER BY created_at, id
