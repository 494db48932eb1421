INSERT INTO timeline (ticket_id, at, type, actor, data) VALUES ($1, $2, $3, 'dispatcher', $4::jsonb)
