/** The HTTP server that owns the port and the shared request plumbing (raw body, errors, rate limit). */
package io.voxgate.http;
