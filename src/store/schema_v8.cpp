// Schema version 8: the security review, continued — the auditor's sign-off of reads on a
// ground of 個人情報保護法第69条, and access through a 支援会議 bounded in time and in what
// the meeting shares.
// Released: never edit it; change the schema with a new version (store/schema.hpp).
#include "store/schema.hpp"

namespace tsunagu::store {

extern const Migration kSchemaV8 = {8, "ground reviews, bounded support-meeting access",
                                    R"SQL(
CREATE TABLE ground_review (
  seq BIGINT PRIMARY KEY,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  outcome TEXT NOT NULL CHECK (outcome IN ('reviewed', 'commented', 'referred')),
  comment TEXT NOT NULL DEFAULT '',
  reviewer TEXT NOT NULL,
  reviewed_at BIGINT NOT NULL
);
CREATE INDEX ground_review_by_municipality ON ground_review (municipality_id, seq);
ALTER TABLE municipality ADD COLUMN meeting_access_days INTEGER NOT NULL DEFAULT 365;
ALTER TABLE meeting ADD COLUMN categories TEXT NOT NULL DEFAULT 'basic,criminal,health,living,support';
CREATE INDEX audit_by_actor ON audit_log (municipality_id, actor, seq);
CREATE INDEX audit_by_basis ON audit_log (legal_basis, seq);
)SQL",
                                    "", ""};

}  // namespace tsunagu::store
