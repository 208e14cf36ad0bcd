// Schema version 7: the security review — the keyed audit chain, the account lifecycle.
// Released: never edit it; change the schema with a new version (store/schema.hpp).
#include "store/schema.hpp"

namespace tsunagu::store {

extern const Migration kSchemaV7 = {7, "keyed audit chain, account lifecycle",
                                    R"SQL(
ALTER TABLE audit_head ADD COLUMN keyed_since BIGINT NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN last_login_at BIGINT;
)SQL",
                                    "", ""};

}  // namespace tsunagu::store
