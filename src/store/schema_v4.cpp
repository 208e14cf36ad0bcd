// Schema version 4: committee opinions and plan indicators.
// Released: never edit it; change the schema with a new version (store/schema.hpp).
#include "store/schema.hpp"

namespace tsunagu::store {

extern const Migration kSchemaV4 = {
    4, "committee opinions with the city's responses; plan indicators with yearly actuals",
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
    "", ""};

}  // namespace tsunagu::store
