/** The ordered pure decisions every event passes: text, language, claim, kind and category, severity, department, acknowledgement. */
package io.voxgate.ticket.step;
