// Versioned schema migrations for both backends. Each migration is written once; "@ID@" becomes
// the backend's auto-increment key. Backend-specific parts (triggers) are listed separately.
// Every record that belongs to a municipality carries municipality_id from version 1 on.
// Never edit a released migration: add a new one.
#include <iterator>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace tsunagu::store {
namespace {

struct Migration {
  int version;
  const char* description;
  const char* common;
  const char* sqlite_only;
  const char* postgres_only;
};

const Migration kMigrations[] = {
    {1, "municipalities, accounts, sessions, plan registry, audit log",
     R"SQL(
CREATE TABLE municipality (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  prefecture_id BIGINT REFERENCES municipality(id),
  plan_revision BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE department (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  name TEXT NOT NULL,
  UNIQUE (municipality_id, name)
);
CREATE TABLE app_user (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  department_id BIGINT REFERENCES department(id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE user_session (
  token_hash TEXT PRIMARY KEY,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  user_id BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX user_session_expiry ON user_session (expires_at);
CREATE TABLE login_throttle (
  throttle_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start BIGINT NOT NULL,
  locked_until BIGINT NOT NULL
);
CREATE TABLE plan (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  name TEXT NOT NULL,
  period_from INTEGER NOT NULL,
  period_to INTEGER NOT NULL,
  family_position INTEGER,
  created_at BIGINT NOT NULL,
  UNIQUE (municipality_id, name)
);
CREATE TABLE basic_goal (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  plan_id BIGINT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  no INTEGER NOT NULL,
  title TEXT NOT NULL,
  UNIQUE (plan_id, no)
);
CREATE TABLE policy (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  plan_id BIGINT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  goal_id BIGINT NOT NULL REFERENCES basic_goal(id) ON DELETE CASCADE,
  no INTEGER NOT NULL,
  code TEXT NOT NULL,
  text TEXT NOT NULL,
  is_priority INTEGER NOT NULL DEFAULT 0,
  vision TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL,
  UNIQUE (goal_id, no)
);
CREATE INDEX policy_by_municipality ON policy (municipality_id, plan_id);
CREATE TABLE policy_viewpoint (
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  policy_id BIGINT NOT NULL REFERENCES policy(id) ON DELETE CASCADE,
  viewpoint INTEGER NOT NULL CHECK (viewpoint BETWEEN 1 AND 4),
  PRIMARY KEY (policy_id, viewpoint)
);
CREATE TABLE policy_finding (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  policy_id BIGINT NOT NULL REFERENCES policy(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('現状', '課題')),
  text TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX policy_finding_by_policy ON policy_finding (policy_id, ord);
CREATE TABLE policy_item (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  policy_id BIGINT NOT NULL REFERENCES policy(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('direction', 'example', 'note')),
  ord INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX policy_item_by_policy ON policy_item (policy_id, kind, ord);
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  municipality_id BIGINT,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  before_digest TEXT NOT NULL,
  after_digest TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
)SQL",
     R"SQL(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)SQL",
     R"SQL(
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
)SQL"},
    {2, "projects, evaluation scales, progress entries with history",
     R"SQL(
CREATE TABLE evaluation_grade (
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  plan_id BIGINT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (plan_id, code)
);
CREATE TABLE project_category (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  plan_id BIGINT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  no INTEGER NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (plan_id, no)
);
CREATE TABLE project (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  plan_id BIGINT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  category_id BIGINT REFERENCES project_category(id) ON DELETE CASCADE,
  category_no INTEGER NOT NULL DEFAULT 0,
  policy_id BIGINT REFERENCES policy(id) ON DELETE SET NULL,
  no INTEGER NOT NULL,
  name TEXT NOT NULL,
  content TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (plan_id, category_no, no)
);
CREATE INDEX project_by_plan ON project (municipality_id, plan_id);
CREATE TABLE project_department (
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
  department_id BIGINT NOT NULL REFERENCES department(id),
  ord INTEGER NOT NULL,
  PRIMARY KEY (project_id, department_id)
);
CREATE INDEX project_department_by_department ON project_department (department_id);
CREATE TABLE progress_year (
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  plan_id BIGINT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  deadline TEXT NOT NULL,
  opened_at BIGINT NOT NULL,
  PRIMARY KEY (plan_id, year)
);
CREATE TABLE progress_entry (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  grade TEXT,
  done TEXT NOT NULL DEFAULT '',
  next_plan TEXT NOT NULL DEFAULT '',
  budget_planned BIGINT,
  budget_actual BIGINT,
  state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'returned')),
  return_comment TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (project_id, year)
);
CREATE INDEX progress_entry_by_year ON progress_entry (municipality_id, year);
CREATE TABLE progress_history (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  entry_id BIGINT NOT NULL REFERENCES progress_entry(id) ON DELETE CASCADE,
  version BIGINT NOT NULL,
  action TEXT NOT NULL,
  state TEXT NOT NULL,
  grade TEXT,
  done TEXT NOT NULL,
  next_plan TEXT NOT NULL,
  budget_planned BIGINT,
  budget_actual BIGINT,
  comment TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX progress_history_by_entry ON progress_history (entry_id, version);
)SQL",
     "", ""},
    {3, "implementation plans with yearly revisions",
     R"SQL(
CREATE TABLE implementation_revision (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  plan_id BIGINT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  label TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (plan_id, year)
);
CREATE TABLE implementation_item (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  revision_id BIGINT NOT NULL REFERENCES implementation_revision(id) ON DELETE CASCADE,
  policy_id BIGINT REFERENCES policy(id) ON DELETE SET NULL,
  ord INTEGER NOT NULL,
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  departments TEXT NOT NULL DEFAULT '',
  directions TEXT NOT NULL DEFAULT '',
  end_target TEXT NOT NULL DEFAULT '',
  budget_projects TEXT NOT NULL DEFAULT '',
  UNIQUE (revision_id, code)
);
CREATE TABLE implementation_year (
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  item_id BIGINT NOT NULL REFERENCES implementation_item(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  planned_work TEXT NOT NULL DEFAULT '',
  cost BIGINT,
  results TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (item_id, year)
);
)SQL",
     "", ""},
    {4, "committee opinions with the city's responses; plan indicators with yearly actuals",
     R"SQL(
CREATE TABLE committee_opinion (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  plan_id BIGINT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  policy_id BIGINT REFERENCES policy(id) ON DELETE SET NULL,
  opinion TEXT NOT NULL,
  response TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  responded_at BIGINT
);
CREATE INDEX committee_opinion_by_year ON committee_opinion (municipality_id, plan_id, year);
CREATE TABLE indicator (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  plan_id BIGINT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  policy_id BIGINT REFERENCES policy(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL DEFAULT '',
  unit TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('entered', 'computed')),
  baseline TEXT NOT NULL,
  baseline_year INTEGER NOT NULL,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('absolute', 'relative')),
  target TEXT NOT NULL,
  target_year INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (plan_id, name)
);
CREATE TABLE indicator_actual (
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  indicator_id BIGINT NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (indicator_id, year)
);
)SQL",
     "", ""},
    {5,
     "case coordination: agencies, persons and their needs, consents, meetings with members, "
     "referrals, support plans with roles, reviews and follow-ups, supporters",
     R"SQL(
CREATE TABLE agency (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (municipality_id, name)
);
ALTER TABLE app_user ADD COLUMN agency_id BIGINT REFERENCES agency(id);
CREATE TABLE person (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  name TEXT NOT NULL,
  kana TEXT NOT NULL,
  kana_key TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  facility TEXT NOT NULL DEFAULT '',
  expected_release TEXT,
  destination TEXT NOT NULL DEFAULT '',
  special_coordination TEXT,
  entrance_support INTEGER NOT NULL DEFAULT 0,
  assigned_worker BIGINT REFERENCES app_user(id),
  registered_on TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX person_by_kana ON person (municipality_id, kana_key, birth_date);
CREATE INDEX person_by_worker ON person (assigned_worker);
CREATE INDEX person_by_release ON person (municipality_id, expected_release);
CREATE TABLE person_need (
  person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  need TEXT NOT NULL,
  PRIMARY KEY (person_id, need)
);
CREATE TABLE consent (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('sharing', 'statistics')),
  state TEXT NOT NULL CHECK (state IN ('given', 'refused', 'withdrawn')),
  given_on TEXT NOT NULL,
  method TEXT NOT NULL,
  agencies TEXT NOT NULL DEFAULT '',
  kinds TEXT NOT NULL DEFAULT '',
  categories TEXT NOT NULL DEFAULT '',
  expires TEXT,
  withdrawn_on TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX consent_by_person ON consent (person_id);
CREATE INDEX consent_by_purpose ON consent (municipality_id, purpose, given_on, person_id, state, expires, withdrawn_on);
CREATE TABLE meeting (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  kind TEXT NOT NULL,
  person_id BIGINT REFERENCES person(id) ON DELETE CASCADE,
  held_on TEXT NOT NULL,
  agenda TEXT NOT NULL DEFAULT '',
  decisions TEXT NOT NULL DEFAULT '',
  actions TEXT NOT NULL DEFAULT '[]',
  created_at BIGINT NOT NULL
);
CREATE INDEX meeting_by_person ON meeting (person_id, held_on);
CREATE TABLE meeting_member (
  id @ID@,
  meeting_id BIGINT NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
  agency_id BIGINT REFERENCES agency(id),
  user_id BIGINT REFERENCES app_user(id),
  name TEXT NOT NULL,
  confidentiality_acknowledged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meeting_member_by_meeting ON meeting_member (meeting_id);
CREATE INDEX meeting_member_by_agency ON meeting_member (agency_id);
CREATE TABLE referral (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  from_agency BIGINT NOT NULL REFERENCES agency(id),
  to_agency BIGINT NOT NULL REFERENCES agency(id),
  state TEXT NOT NULL,
  sent_on TEXT NOT NULL,
  responded_on TEXT,
  completed_on TEXT,
  note TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX referral_by_person ON referral (person_id, sent_on);
CREATE INDEX referral_by_sent ON referral (municipality_id, sent_on);
CREATE TABLE support_plan (
  person_id BIGINT PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  goals TEXT NOT NULL DEFAULT '',
  started_on TEXT NOT NULL,
  closed_on TEXT,
  closure_reason TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX support_plan_closed ON support_plan (municipality_id, closed_on);
CREATE TABLE plan_role (
  id @ID@,
  person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  agency_id BIGINT REFERENCES agency(id),
  who TEXT NOT NULL,
  task TEXT NOT NULL,
  due_on TEXT
);
CREATE INDEX plan_role_by_person ON plan_role (person_id);
CREATE TABLE checkpoint (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('review', 'follow_up')),
  due_on TEXT NOT NULL,
  done_on TEXT,
  note TEXT NOT NULL DEFAULT '',
  local_supporter_involved INTEGER
);
CREATE INDEX checkpoint_due ON checkpoint (municipality_id, done_on, due_on);
CREATE INDEX checkpoint_by_person ON checkpoint (person_id, due_on);
CREATE TABLE supporter (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  formal INTEGER NOT NULL,
  local INTEGER NOT NULL,
  name TEXT NOT NULL,
  agency_id BIGINT REFERENCES agency(id),
  from_on TEXT NOT NULL,
  until_on TEXT
);
CREATE INDEX supporter_by_person ON supporter (person_id, from_on);
CREATE TABLE anonymised_case (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  closed_on TEXT NOT NULL,
  counted INTEGER NOT NULL,
  supporters_at_start INTEGER NOT NULL,
  supporters_at_end INTEGER NOT NULL,
  local_after_two_years INTEGER,
  erased_at BIGINT NOT NULL
);
CREATE INDEX anonymised_case_closed ON anonymised_case (municipality_id, closed_on);
CREATE INDEX audit_by_target ON audit_log (target_type, target_id, seq);
CREATE TABLE incident (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  occurred_on TEXT NOT NULL,
  discovered_on TEXT NOT NULL,
  description TEXT NOT NULL,
  categories TEXT NOT NULL DEFAULT '',
  persons TEXT NOT NULL DEFAULT '',
  measures TEXT NOT NULL DEFAULT '',
  reported_on TEXT,
  created_at BIGINT NOT NULL
);
)SQL",
     "", ""},
    {6, "local resources, interview rooms and bookings, events, placements; trigram search",
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
)SQL"},
};

std::string expand(std::string sql, Backend backend) {
  const std::string token = "@ID@";
  const std::string id = backend == Backend::kSqlite
                             ? "INTEGER PRIMARY KEY"
                             : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  for (auto pos = sql.find(token); pos != std::string::npos; pos = sql.find(token, pos)) {
    sql.replace(pos, token.size(), id);
  }
  return sql;
}

}  // namespace

int latest_schema_version() { return std::end(kMigrations)[-1].version; }

int current_schema_version(Connection& c) {
  c.execute_script("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  auto rows = c.query("SELECT MAX(version) FROM schema_version");
  return rows.empty() ? 0 : static_cast<int>(rows[0].integer(0));
}

void migrate(Connection& c) {
  if (c.backend() == Backend::kPostgres) {
    // Several servers may start together on one database: one migrates, the others wait.
    c.execute_script("SELECT pg_advisory_lock(7147)");
  }
  struct Unlock {
    Connection& c;
    ~Unlock() {
      if (c.backend() == Backend::kPostgres) {
        try {
          c.execute_script("SELECT pg_advisory_unlock(7147)");
        } catch (...) {
        }
      }
    }
  } unlock{c};
  int version = current_schema_version(c);
  for (const auto& m : kMigrations) {
    if (m.version <= version) continue;
    Transaction tx(c, TxMode::kWrite);
    c.execute_script(expand(m.common, c.backend()));
    const char* extra = c.backend() == Backend::kSqlite ? m.sqlite_only : m.postgres_only;
    if (*extra != '\0') c.execute_script(extra);
    c.execute("INSERT INTO schema_version (version) VALUES (?)", {std::int64_t{m.version}});
    tx.commit();
  }
}

}  // namespace tsunagu::store
