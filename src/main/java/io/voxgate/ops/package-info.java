/** Step six: health and metrics for monitoring. */
package io.voxgate.ops;
