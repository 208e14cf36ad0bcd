// Schema version 9: a city's own sheets — project codes as written (0704-01), the columns of a
// progress sheet the plan has no field for (kept per entry, exported back), and the column
// mapping a plan's imports use, saved so that next year's file imports in one step.
// Released: never edit it; change the schema with a new version (store/schema.hpp).
#include "store/schema.hpp"

namespace tsunagu::store {

extern const Migration kSchemaV9 = {9, "project codes, extra sheet fields, saved import mappings",
                                    R"SQL(
ALTER TABLE project ADD COLUMN code TEXT NOT NULL DEFAULT '';
CREATE INDEX project_by_code ON project (plan_id, category_no, code);
CREATE TABLE progress_entry_field (
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  entry_id BIGINT NOT NULL REFERENCES progress_entry(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (entry_id, ord)
);
CREATE TABLE import_mapping (
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  plan_id BIGINT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('progress', 'policy')),
  sheet TEXT NOT NULL DEFAULT '',
  columns TEXT NOT NULL DEFAULT '[]',
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (plan_id, kind)
);
)SQL",
                                    "", ""};

}  // namespace tsunagu::store
