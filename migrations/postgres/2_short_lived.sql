-- Short-lived counts shared by every instance (src/store/short-lived.ts): the grants pages' per-address
-- limits and Teams' repeated-delivery detection. Not records: no audit, no change log; expired rows are pruned.
-- UNLOGGED: no WAL, so counting an event costs no disk flush; the table is emptied after a database
-- crash and is not on a replica after a failover (the counts start again: a few minutes of
-- repeat detection and rate limits are lost, no data).
-- Up Migration
CREATE UNLOGGED TABLE short_lived (
  forum_id text NOT NULL REFERENCES forums (forum_id),
  key text NOT NULL,
  count integer NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (forum_id, key)
);
CREATE INDEX short_lived_expires ON short_lived (forum_id, expires_at);

-- Down Migration
DROP TABLE short_lived;
