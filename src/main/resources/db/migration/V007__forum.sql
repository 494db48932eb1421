-- Forum crawler: every post seen per forum (for dedup by canonical URL and edit detection),
-- each forum's progress, and a record of every crawl run.

CREATE TABLE forum_posts (
  source        text NOT NULL,
  url           text NOT NULL,                 -- canonical post URL, the ticket's external_id
  content_hash  text NOT NULL,                 -- sha-256 of title + body as last seen
  matched       text[] NOT NULL DEFAULT '{}',  -- keywords found; empty: not a potential complaint
  ticket_id     uuid REFERENCES tickets (id),
  posted_at     timestamptz,
  first_seen    timestamptz NOT NULL,
  last_seen     timestamptz NOT NULL,
  PRIMARY KEY (source, url)
);

CREATE TABLE forum_state (
  source            text PRIMARY KEY,
  newest_post_at    timestamptz,
  newest_post_url   text,
  last_success_at   timestamptz,
  last_error_at     timestamptz,
  last_error        text
);

CREATE TABLE forum_crawls (
  id             uuid PRIMARY KEY,
  source         text NOT NULL,
  trigger        text NOT NULL CHECK (trigger IN ('schedule', 'admin')),
  status         text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
  started_at     timestamptz NOT NULL,
  ended_at       timestamptz,
  pages_fetched  int NOT NULL DEFAULT 0,
  posts_seen     int NOT NULL DEFAULT 0,
  tickets_created int NOT NULL DEFAULT 0,
  posts_edited   int NOT NULL DEFAULT 0,
  errors         int NOT NULL DEFAULT 0,
  error_messages text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX forum_crawls_by_source ON forum_crawls (source, started_at DESC);
