SELECT pg_try_advisory_lock(hashtextextended('voxgate.forum:' || $1, 0))
