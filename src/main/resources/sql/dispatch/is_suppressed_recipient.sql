SELECT reason FROM suppressed_recipients WHERE lower(address) = lower($1) AND until > $2
