-- A hard bounce of one of our mails: no automatic mail to this address until $3.
INSERT INTO suppressed_recipients (address, reason, until)
VALUES (lower($1), $2, $3)
ON CONFLICT (address) DO UPDATE SET reason = EXCLUDED.reason, until = GREATEST(suppressed_recipients.until, EXCLUDED.until)
