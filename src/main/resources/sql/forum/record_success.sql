INSERT INTO forum_state (source, newest_post_at, newest_post_url, last_success_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (source) DO UPDATE SET
  newest_post_url = CASE WHEN EXCLUDED.newest_post_at IS NOT NULL
    AND (forum_state.newest_post_at IS NULL OR EXCLUDED.newest_post_at > forum_state.newest_post_at)
    THEN EXCLUDED.newest_post_url ELSE forum_state.newest_post_url END,
  newest_post_at = greatest(forum_state.newest_post_at, EXCLUDED.newest_post_at),
  last_success_at = EXCLUDED.last_success_at
