/** Step one of the flow: the only package that knows wire formats; a pure parser per channel plus the shared intake glue. */
package io.voxgate.channel;
