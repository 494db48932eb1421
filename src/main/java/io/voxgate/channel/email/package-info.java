/**
 * The email channel: raw mail from IMAP mailboxes and the raw-MIME webhook, parsed by the pure
 * {@link io.voxgate.channel.email.MailParser}, threaded onto existing tickets or stored as new ones.
 */
package io.voxgate.channel.email;
