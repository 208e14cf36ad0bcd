// Substring search in the store, shared by the repositories that search Japanese text. Texts
// are folded by the service (io::search_fold: NFKC, lower case, katakana → hiragana) before
// they reach here. SQLite answers queries of three or more characters from an FTS5 trigram
// index; PostgreSQL answers LIKE '%…%' from a pg_trgm GIN index; shorter queries scan.
#pragma once

#include <string>
#include <vector>

#include "core/text.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

// "%text%" with LIKE's wildcards escaped by '!' (use ESCAPE '!').
inline std::string contains_pattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '!') out += '!';
    out += c;
  }
  return out + "%";
}

// True when a trigram index can answer a search for `text` (three characters or more).
inline bool trigram_searchable(const std::string& text) { return utf8_length(text) >= 3; }

// An FTS5 query matching any of `texts` as a phrase: "a" OR "b" (quotes doubled inside).
inline std::string fts_phrases(const std::vector<std::string>& texts) {
  std::string out;
  for (const auto& t : texts) {
    if (!out.empty()) out += " OR ";
    out += '"';
    for (char c : t) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

namespace sql {

// The SQLite trigram tables, keyed by the row's id (rowid = person.id, resource.id). They carry
// no municipality_id: they are written right after the row's own scoped write and read only
// inside a statement that binds the row's municipality_id.
constexpr const char* kUnindexPerson = "DELETE FROM person_fts WHERE rowid = ?";
constexpr const char* kIndexPerson = "INSERT INTO person_fts (rowid, search_text) VALUES (?, ?)";
constexpr const char* kUnindexResource = "DELETE FROM resource_fts WHERE rowid = ?";
constexpr const char* kIndexResource =
    "INSERT INTO resource_fts (rowid, search_text) VALUES (?, ?)";

}  // namespace sql

enum class TrigramIndex { kPerson, kResource };

// Keeps a row's text in its SQLite trigram table in step with the row, inside the caller's
// transaction. PostgreSQL indexes the column itself: nothing to do.
inline void unindex_text(Connection& c, TrigramIndex index, std::int64_t rowid) {
  if (c.backend() != Backend::kSqlite) return;
  c.execute(index == TrigramIndex::kPerson ? sql::kUnindexPerson : sql::kUnindexResource, {rowid});
}
inline void index_text(Connection& c, TrigramIndex index, std::int64_t rowid,
                       const std::string& text) {
  if (c.backend() != Backend::kSqlite) return;
  unindex_text(c, index, rowid);
  c.execute(index == TrigramIndex::kPerson ? sql::kIndexPerson : sql::kIndexResource,
            {rowid, text});
}

}  // namespace tsunagu::store
