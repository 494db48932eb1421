-- One claim at a time per customer address (send lanes and gateways alike), held until the claim
-- commits, so that the per-recipient cap counts what the other claims have just sent. The caller
-- passes the addresses sorted: every claim takes its locks in the same order.
SELECT pg_advisory_xact_lock(hashtext('voxgate.recipient:' || a)) FROM unnest($1::text[]) AS a
