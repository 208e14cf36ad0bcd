// Schema version 10: plan families (基本計画, seed 001). A plan becomes a family when it brings
// member plans together under its shared goals; each member has a position (the middle number
// of 1-4-1), a period inside the family's, and terms the law times on their own (第9期). A
// policy belongs to a member, so a goal's policy numbers are unique per member, not per goal:
// the old UNIQUE (goal_id, no) becomes a unique index over (goal_id, member, no). SQLite cannot
// drop a constraint, so there the policy table is rebuilt with foreign keys off
// (Migration::sqlite_rebuilds). The 計画書's chapters of free text are kept per plan.
// Released: never edit it; change the schema with a new version (store/schema.hpp).
#include "store/schema.hpp"

namespace tsunagu::store {

extern const Migration kSchemaV10 = {
    10,     "plan families: member plans, terms, document sections",
    R"SQL(
ALTER TABLE plan ADD COLUMN is_family INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan ADD COLUMN philosophy TEXT NOT NULL DEFAULT '';
ALTER TABLE plan ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TABLE plan_member (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  plan_id BIGINT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 99),
  name TEXT NOT NULL,
  period_from INTEGER NOT NULL,
  period_to INTEGER NOT NULL,
  UNIQUE (plan_id, position),
  UNIQUE (plan_id, name)
);
CREATE TABLE plan_member_term (
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  member_id BIGINT NOT NULL REFERENCES plan_member(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  name TEXT NOT NULL,
  label TEXT NOT NULL,
  period_from INTEGER NOT NULL,
  period_to INTEGER NOT NULL,
  PRIMARY KEY (member_id, ord)
);
CREATE TABLE plan_section (
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  plan_id BIGINT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  section TEXT NOT NULL,
  text TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (plan_id, section)
);
)SQL",
    R"SQL(
CREATE TABLE policy_v10 (
  id INTEGER PRIMARY KEY,
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
  member_id BIGINT REFERENCES plan_member(id) ON DELETE CASCADE
);
INSERT INTO policy_v10 (id, municipality_id, plan_id, goal_id, no, code, text, is_priority,
                        vision, version, updated_at, member_id)
  SELECT id, municipality_id, plan_id, goal_id, no, code, text, is_priority, vision, version,
         updated_at, NULL FROM policy;
DROP TABLE policy;
ALTER TABLE policy_v10 RENAME TO policy;
CREATE INDEX policy_by_municipality ON policy (municipality_id, plan_id);
CREATE UNIQUE INDEX policy_number ON policy (goal_id, COALESCE(member_id, 0), no);
)SQL",
    R"SQL(
ALTER TABLE policy ADD COLUMN member_id BIGINT REFERENCES plan_member(id) ON DELETE CASCADE;
ALTER TABLE policy DROP CONSTRAINT policy_goal_id_no_key;
CREATE UNIQUE INDEX policy_number ON policy (goal_id, COALESCE(member_id, 0), no);
)SQL", true};

}  // namespace tsunagu::store
