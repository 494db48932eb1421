SELECT source, newest_post_at, newest_post_url, last_success_at, last_error_at, last_error FROM forum_state
