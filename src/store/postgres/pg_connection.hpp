// PostgreSQL backend through libpq: statements prepared once per connection, `?` parameter markers
// rewritten to $1…$n, results read as text and typed by column OID, SQLSTATEs mapped to
// StoreError kinds. Write transactions are READ COMMITTED; repositories take row locks
// (UPDATE … RETURNING) where order matters, such as the audit chain head.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/db.hpp"

namespace tsunagu::store {

// Connects to a "postgresql://…" URL. Throws StoreError(kConnection) with libpq's reason.
std::unique_ptr<Connection> connect_postgres(const std::string& url);

// "SELECT ? , '?'" → "SELECT $1 , '?'": rewrites parameter markers outside quotes.
std::string rewrite_parameter_markers(std::string_view sql);

}  // namespace tsunagu::store
