SELECT url, content_hash, matched, ticket_id FROM forum_posts WHERE source = $1 AND url = ANY($2)
