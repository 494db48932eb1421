SELECT pg_advisory_unlock(hashtextextended('voxgate.forum:' || $1, 0))
