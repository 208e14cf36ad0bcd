// Schema version 2: projects, evaluation scales, progress entries with history.
// Released: never edit it; change the schema with a new version (store/schema.hpp).
#include "store/schema.hpp"

namespace tsunagu::store {

extern const Migration kSchemaV2 = {2, "projects, evaluation scales, progress entries with history",
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
                                    "", ""};

}  // namespace tsunagu::store
