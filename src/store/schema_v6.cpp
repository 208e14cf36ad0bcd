// Schema version 6: local resources, rooms and bookings, events, placements; trigram search.
// Released: never edit it; change the schema with a new version (store/schema.hpp).
#include "store/schema.hpp"

namespace tsunagu::store {

extern const Migration kSchemaV6 = {
    6, "local resources, interview rooms and bookings, events, placements; trigram search",
    R"SQL(
CREATE TABLE resource (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  kana TEXT NOT NULL DEFAULT '',
  services TEXT NOT NULL DEFAULT '',
  eligibility TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  days TEXT NOT NULL DEFAULT '',
  hours TEXT NOT NULL DEFAULT '',
  capacity INTEGER,
  url TEXT NOT NULL DEFAULT '',
  topics TEXT NOT NULL DEFAULT '',
  is_public INTEGER NOT NULL DEFAULT 1,
  search_text TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  UNIQUE (municipality_id, name, address)
);
CREATE INDEX resource_by_kind ON resource (municipality_id, kind);
CREATE TABLE room (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  name TEXT NOT NULL,
  facility TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  opens_minute INTEGER NOT NULL,
  closes_minute INTEGER NOT NULL,
  days TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  UNIQUE (municipality_id, facility, name)
);
CREATE TABLE booking (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  room_id BIGINT NOT NULL REFERENCES room(id),
  user_id BIGINT NOT NULL REFERENCES app_user(id),
  day TEXT NOT NULL,
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL,
  start_at BIGINT NOT NULL,
  end_at BIGINT NOT NULL,
  cancelled_at BIGINT,
  created_at BIGINT NOT NULL,
  CHECK (start_at < end_at)
);
CREATE INDEX booking_by_room ON booking (room_id, start_at);
CREATE INDEX booking_by_user ON booking (user_id, start_at);
CREATE TABLE event (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  held_on TEXT NOT NULL,
  organiser TEXT NOT NULL DEFAULT '',
  audience TEXT NOT NULL DEFAULT '',
  attendance INTEGER,
  is_public INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX event_by_date ON event (municipality_id, held_on);
CREATE TABLE event_project (
  event_id BIGINT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
  project_id BIGINT NOT NULL REFERENCES project(id),
  PRIMARY KEY (event_id, project_id)
);
CREATE INDEX event_project_by_project ON event_project (project_id);
CREATE TABLE placement (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  resource_id BIGINT NOT NULL REFERENCES resource(id),
  started_on TEXT NOT NULL,
  ended_on TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX placement_by_person ON placement (person_id, started_on);
CREATE INDEX placement_by_resource ON placement (resource_id, ended_on);
CREATE TABLE placement_follow_up (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  placement_id BIGINT NOT NULL REFERENCES placement(id) ON DELETE CASCADE,
  with_whom TEXT NOT NULL CHECK (with_whom IN ('person', 'host')),
  due_on TEXT NOT NULL,
  done_on TEXT,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX placement_follow_up_by_placement ON placement_follow_up (placement_id);
CREATE INDEX placement_follow_up_due ON placement_follow_up (municipality_id, done_on, due_on);
ALTER TABLE person ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE person SET search_text = kana_key || ' ' || name;
)SQL",
    // SQLite: trigram full-text indexes, kept by the repositories in the same transaction as
    // the row (triggers may not write virtual tables under trusted_schema=OFF), and the booking
    // overlap rule as a trigger (writers are serialised by BEGIN IMMEDIATE, so the check and
    // the insert are atomic).
    R"SQL(
CREATE VIRTUAL TABLE resource_fts USING fts5(search_text, tokenize='trigram');
CREATE VIRTUAL TABLE person_fts USING fts5(search_text, tokenize='trigram');
INSERT INTO person_fts (rowid, search_text) SELECT id, search_text FROM person;
CREATE TRIGGER booking_no_overlap BEFORE INSERT ON booking
WHEN new.cancelled_at IS NULL AND EXISTS (
  SELECT 1 FROM booking b WHERE b.room_id = new.room_id AND b.cancelled_at IS NULL
    AND b.start_at < new.end_at AND new.start_at < b.end_at)
BEGIN
  SELECT RAISE(ABORT, 'booking_overlap');
END;
)SQL",
    // PostgreSQL: trigram GIN indexes serve LIKE '%…%'; an exclusion constraint forbids two
    // live bookings of one room that overlap, whatever the concurrency.
    R"SQL(
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE INDEX resource_trgm ON resource USING gin (search_text gin_trgm_ops);
CREATE INDEX person_trgm ON person USING gin (search_text gin_trgm_ops);
ALTER TABLE booking ADD CONSTRAINT booking_no_overlap
  EXCLUDE USING gist (room_id WITH =, int8range(start_at, end_at) WITH &&)
  WHERE (cancelled_at IS NULL);
)SQL"};

}  // namespace tsunagu::store
