UPDATE tickets SET dispatched_at = $2 WHERE id = $1
