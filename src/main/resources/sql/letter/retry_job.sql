-- Gives the letter back after a failed attempt: it is taken up again after $2 ms.
UPDATE letter_jobs SET claimed_by = NULL, claimed_until = now() + $2 * interval '1 millisecond',
       last_error = $3, updated_at = now()
WHERE ticket_id = $1
