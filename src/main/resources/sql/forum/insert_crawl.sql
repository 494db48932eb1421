INSERT INTO forum_crawls (id, source, trigger, status, started_at) VALUES ($1, $2, $3, $4, $5)
