SELECT kind, complexity FROM tickets WHERE id = $1
