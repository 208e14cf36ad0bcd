// The schema as versioned migrations, one file per version (store/schema_v1.cpp, …), applied in
// order by migrate() (store/db.hpp). Each migration is written once for both backends; "@ID@"
// in `common` becomes the backend's auto-increment key. Backend-specific parts (triggers,
// extensions, indexes) are listed separately. Every record that belongs to a municipality
// carries municipality_id from version 1 on. Never edit a released migration: add a new
// version in a new file and list it in kMigrations (store/migrations.cpp).
#pragma once

namespace tsunagu::store {

struct Migration {
  int version;
  const char* description;
  const char* common;         // run on both backends, after "@ID@" is expanded
  const char* sqlite_only;    // run as is on SQLite; "" for nothing
  const char* postgres_only;  // run as is on PostgreSQL; "" for nothing
  // The SQLite part rebuilds a table (create, copy, drop, rename: SQLite cannot drop a
  // constraint). It runs with foreign keys off, so that dropping the old table does not
  // cascade to its children, and is checked with foreign_key_check before it commits.
  bool sqlite_rebuilds = false;
};

extern const Migration kSchemaV1;   // municipalities, accounts, plan registry, audit log
extern const Migration kSchemaV2;   // projects, evaluation scales, progress entries
extern const Migration kSchemaV3;   // implementation plans with yearly revisions
extern const Migration kSchemaV4;   // committee opinions, plan indicators
extern const Migration kSchemaV5;   // case coordination
extern const Migration kSchemaV6;   // local resources, rooms, events, placements; search
extern const Migration kSchemaV7;   // keyed audit chain, account lifecycle
extern const Migration kSchemaV8;   // ground reviews, bounded support-meeting access
extern const Migration kSchemaV9;   // project codes, extra sheet fields, import mappings
extern const Migration kSchemaV10;  // plan families: member plans, terms, document sections

}  // namespace tsunagu::store
