SELECT id, trigger, status, started_at, ended_at, pages_fetched, posts_seen, tickets_created, posts_edited, errors,
  error_messages
FROM forum_crawls WHERE source = $1 ORDER BY started_at DESC, id DESC LIMIT $2
