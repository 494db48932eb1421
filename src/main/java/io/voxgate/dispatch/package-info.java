/** ④ After the store: the dispatcher sends what the outbox owes (acks, replies, staff notices) and watches the deadline clocks. */
package io.voxgate.dispatch;
