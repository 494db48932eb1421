UPDATE forum_crawls SET status = $2, ended_at = $3, pages_fetched = $4, posts_seen = $5, tickets_created = $6,
  posts_edited = $7, errors = $8, error_messages = $9
WHERE id = $1
