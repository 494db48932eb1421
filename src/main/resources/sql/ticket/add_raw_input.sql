INSERT INTO raw_inputs (ticket_id, content_type, sha256, size, bytes, received_at)
VALUES ($1, $2, $3, octet_length($4::bytea), $4::bytea, $5)
