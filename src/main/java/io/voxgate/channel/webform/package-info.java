/** The web form channel: the public page, its intake route and its pure parser. */
package io.voxgate.channel.webform;
