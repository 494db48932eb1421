SELECT folder, uid_validity, last_uid FROM mailbox_state WHERE source = $1
