UPDATE tickets
SET status = $2, assignee = $3, department = $4, category = $5, severity = $6, complexity = $7, flags = $8,
    resolved_at = $9, version = version + 1, updated_at = now()
WHERE id = $1
RETURNING version
