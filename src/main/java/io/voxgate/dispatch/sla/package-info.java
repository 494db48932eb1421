/** Pure deadline arithmetic: the working-day calendar (调休 included), deadline rules, and the per-ticket clock ledger. */
package io.voxgate.dispatch.sla;
