// SQLite backend: WAL journal, synchronous=FULL (nothing acknowledged is lost), foreign keys
// on, a 5 s busy timeout, prepared statements cached per connection. Write transactions begin
// IMMEDIATE so that two writers queue instead of failing half-way.
#pragma once

#include <memory>
#include <string>

#include "store/db.hpp"

struct sqlite3;

namespace tsunagu::store {

// Opens (creating if missing) the database file at `path`. Throws StoreError.
std::unique_ptr<Connection> connect_sqlite(const std::string& path);

// Copies the live database at `source_path` to `target_path` with SQLite's online backup API,
// page batch by page batch, so a running server keeps serving. Throws StoreError.
void backup_sqlite(const std::string& source_path, const std::string& target_path);

}  // namespace tsunagu::store
