SELECT id, number, status FROM tickets WHERE source = $1 AND external_id = $2
