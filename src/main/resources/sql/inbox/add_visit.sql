INSERT INTO return_visits (ticket_id, at, actor, reached, satisfaction, comment, late)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id
