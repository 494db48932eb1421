/**
 * The phone channel: call-centre webhooks (generic CTI, Twilio, mapped JSON) parsed into call
 * events, merged per call into one ticket, missed inbound calls turned into callback tickets.
 */
package io.voxgate.channel.phone;
