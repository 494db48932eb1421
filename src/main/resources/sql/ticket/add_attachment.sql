INSERT INTO attachments (id, ticket_id, filename, media_type, size, sha256)
SELECT $1, $2, $3, $4, $5, $6
WHERE NOT EXISTS (SELECT 1 FROM attachments WHERE ticket_id = $2 AND sha256 = $6)
