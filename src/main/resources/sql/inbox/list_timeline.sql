SELECT id, at, type, actor, data FROM timeline WHERE ticket_id = $1 ORDER BY id
