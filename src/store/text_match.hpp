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

// Keeps a row's text in an SQLite trigram table (person_fts, resource_fts) in step with the
// row, inside the caller's transaction. PostgreSQL indexes the column itself: nothing to do.
inline void index_text(Connection& c, const char* fts_table, std::int64_t rowid,
                       const std::string& text) {
  if (c.backend() != Backend::kSqlite) return;
  c.execute(std::string("DELETE FROM ") + fts_table + " WHERE rowid = ?", {rowid});
  c.execute(std::string("INSERT INTO ") + fts_table + " (rowid, search_text) VALUES (?, ?)",
            {rowid, text});
}
inline void unindex_text(Connection& c, const char* fts_table, std::int64_t rowid) {
  if (c.backend() != Backend::kSqlite) return;
  c.execute(std::string("DELETE FROM ") + fts_table + " WHERE rowid = ?", {rowid});
}

}  // namespace tsunagu::store
