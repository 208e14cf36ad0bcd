// Schema version 1: municipalities, accounts, sessions, the plan registry, the audit log.
// Released: never edit it; change the schema with a new version (store/schema.hpp).
#include "store/schema.hpp"

namespace tsunagu::store {

extern const Migration kSchemaV1 = {1,
                                    "municipalities, accounts, sessions, plan registry, audit log",
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
)SQL"};

}  // namespace tsunagu::store
