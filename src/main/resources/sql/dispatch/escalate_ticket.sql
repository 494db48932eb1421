UPDATE tickets SET status = 'escalated', updated_at = $2, version = version + 1
WHERE id = $1 AND status IN ('new', 'acknowledged', 'in_progress', 'reopened')
