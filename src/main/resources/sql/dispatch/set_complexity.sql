UPDATE tickets SET complexity = $2 WHERE id = $1 AND complexity IS DISTINCT FROM $2
