// Schema version 3: implementation plans with yearly revisions.
// Released: never edit it; change the schema with a new version (store/schema.hpp).
#include "store/schema.hpp"

namespace tsunagu::store {

extern const Migration kSchemaV3 = {3, "implementation plans with yearly revisions",
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
                                    "", ""};

}  // namespace tsunagu::store
