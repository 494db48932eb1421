-- No such deadline after all (e.g. no acknowledgement is owed): the running clock goes.
DELETE FROM ticket_clocks WHERE ticket_id = $1 AND clock = $2 AND stopped_at IS NULL
