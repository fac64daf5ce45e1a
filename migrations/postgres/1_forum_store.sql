-- The forum bot's tables (docs/storage.md, "PostgreSQL"). Every table carries forum_id.
-- Up Migration
CREATE TABLE forums (
  forum_id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per forum, locked by every write: the newest transaction number and the data's schema version.
CREATE TABLE forum_state (
  forum_id text PRIMARY KEY REFERENCES forums (forum_id),
  last_seq bigint NOT NULL DEFAULT 0,
  schema_version integer NOT NULL
);

-- The records, as JSON, with the fields src/domain/encrypted-fields.ts names encrypted.
CREATE TABLE records (
  forum_id text NOT NULL REFERENCES forums (forum_id),
  collection text NOT NULL,
  id text NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (forum_id, collection, id)
);

-- The change log every instance's view catches up from; pruned (rows older than a few minutes).
CREATE TABLE changes (
  forum_id text NOT NULL REFERENCES forums (forum_id),
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  logged_at timestamptz NOT NULL DEFAULT now(),
  ops jsonb NOT NULL,
  PRIMARY KEY (forum_id, seq)
);
CREATE INDEX changes_logged_at ON changes (forum_id, logged_at);

-- The audit log: one row per event, the event as audit.jsonl holds it.
CREATE TABLE audit_events (
  forum_id text NOT NULL REFERENCES forums (forum_id),
  seq bigint NOT NULL,
  n integer NOT NULL,
  at timestamptz NOT NULL,
  collection text,
  record_id text,
  event jsonb NOT NULL,
  PRIMARY KEY (forum_id, seq, n)
);
CREATE INDEX audit_events_record ON audit_events (forum_id, collection, record_id);

-- Down Migration
DROP TABLE audit_events;
DROP TABLE changes;
DROP TABLE records;
DROP TABLE forum_state;
DROP TABLE forums;
