// The audit chain's key file: 32 random bytes written as 64 hex digits and a newline, created
// by the first open of a database (so by `tsunagu init`) with mode 0600, outside the database:
// someone who can edit the database but not read this file cannot recompute the chain.
#pragma once

#include <string>

#include "core/result.hpp"

namespace tsunagu::service {

// Where the key lives when the configuration names no file: beside a SQLite file
// ("tsunagu.db" → "tsunagu.db.audit-key"); empty for a PostgreSQL URL, whose key file must be
// configured (`audit_key` in the server's file, TSUNAGU_AUDIT_KEY for the CLI).
std::string default_audit_key_file(const std::string& db_url);

// Errors "audit_key.missing" (no such file), "audit_key.unreadable", "audit_key.invalid"
// (not 64 hex digits, or readable by others than its owner's group).
Result<std::string> read_audit_key(const std::string& path);

// Writes a new random key to `path`, which must not exist yet; readable by its owner only.
// Errors "audit_key.unwritable".
Result<std::string> create_audit_key(const std::string& path);

}  // namespace tsunagu::service
