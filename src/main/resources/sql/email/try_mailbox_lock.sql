-- One poller per mailbox across gateway instances: held by the poller's own connection until it closes.
SELECT pg_try_advisory_lock(hashtextextended('voxgate-mailbox:' || $1, 0))
