/** Configuration: YAML files and VOXGATE_* variables become typed records once, at start. */
package io.voxgate.config;
