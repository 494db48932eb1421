/** Step five: the inbox API the customer centre works from. */
package io.voxgate.inbox;
