SELECT id, number, status FROM tickets WHERE id = $1 FOR UPDATE
