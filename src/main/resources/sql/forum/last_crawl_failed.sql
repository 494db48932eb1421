-- Whether the forum's last finished crawl failed (no row: never crawled, false).
SELECT coalesce((SELECT status = 'failed' FROM forum_crawls WHERE source = $1 AND status IN ('succeeded', 'failed')
                 ORDER BY started_at DESC, id DESC LIMIT 1), false) AS failed
