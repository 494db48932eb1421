/** Voxgate: the complaint-intake gateway; {@link io.voxgate.Main} starts it, {@link io.voxgate.Gateway} wires it. */
package io.voxgate;
