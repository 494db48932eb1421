/**
 * The forum channel: a scheduled, polite crawler of forum list pages and feeds whose complaint
 * posts become potential tickets. Pure parsers ({@link io.voxgate.channel.forum.ForumPageParser},
 * {@link io.voxgate.channel.forum.FeedParser}, {@link io.voxgate.channel.forum.ForumTimes}, …) plus
 * the crawler, its verticle and admin routes.
 */
package io.voxgate.channel.forum;
