INSERT INTO forum_posts (source, url, content_hash, matched, ticket_id, posted_at, first_seen, last_seen)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
ON CONFLICT (source, url) DO UPDATE SET content_hash = EXCLUDED.content_hash, matched = EXCLUDED.matched,
  ticket_id = coalesce(EXCLUDED.ticket_id, forum_posts.ticket_id),
  posted_at = coalesce(EXCLUDED.posted_at, forum_posts.posted_at), last_seen = EXCLUDED.last_seen
