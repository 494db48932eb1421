-- The call turned out answered: no callback is owed, so its clock goes (it was never a deadline).
DELETE FROM ticket_clocks WHERE ticket_id = $1 AND clock = 'callback' AND stopped_at IS NULL
