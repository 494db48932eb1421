DELETE FROM letter_jobs WHERE ticket_id = $1
