SELECT status, 'processing' = ANY (flags) AS processing FROM tickets WHERE id = $1
