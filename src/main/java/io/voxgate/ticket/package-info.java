/** Steps two and three: normalise an event and store it durably; channel-agnostic from here on. */
package io.voxgate.ticket;
