INSERT INTO timeline (ticket_id, at, type, actor, data) VALUES ($1, $2, $3, $4, $5)
RETURNING id, at, type, actor, data
