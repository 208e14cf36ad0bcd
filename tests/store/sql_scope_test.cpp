// Tenant isolation, checked: every SQL statement of a repository under src/store/ that touches
// a municipality's records binds the municipality, so no caller can reach another
// municipality's row by its id, whatever it checked first.
//
// The rule, read mechanically from the sources (tests/support/sql_source.hpp reads them):
//  1. SQL lives in named constants: `constexpr const char* kName = "…" "…";`, raw strings,
//     `#define` pieces, or `const std::string kName = std::string(kOther) + "…";`. A string
//     literal that reads as SQL anywhere else (at a call site) is a finding.
//  2. A constant whose text holds SELECT, INSERT, UPDATE or DELETE is a statement, unless it is
//     only a building block of other constants (kResourceColumns): then it is checked as part of
//     each constant built from it. A statement assembled at run time starts from a checked
//     constant and appends constants.
//  3. The tables a statement touches are the names after FROM, JOIN, INTO and UPDATE.
//  4. Per-municipality tables come from the migrated schema: those with a municipality_id column
//     and, transitively, those with a foreign key to one (meeting_member → meeting). Every other
//     table must be on kDeploymentWide below, with the reason it holds no municipality's rows.
//  5. A statement touching a per-municipality table binds `municipality_id = ?` (the index hint
//     `municipality_id + 0 = ?` counts) or, for an INSERT, lists municipality_id among its
//     columns. A child table without the column is reached through its parent, e.g.
//     `… WHERE person_id IN (SELECT id FROM person WHERE municipality_id = ? AND id = ?)`.
//  6. Statements that are deployment-wide on purpose (sign-in, the audit chain) are listed in
//     kUnscoped with the reason; an entry that no longer matches a finding fails the test.
// Migrations (schema DDL, whole-table backfills) are composite constants and not statements.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "store/db.hpp"
#include "support/sql_source.hpp"
#include "support/test_db.hpp"

namespace tsunagu::testing {
namespace {

// Tables that hold no municipality's records, and why.
const std::map<std::string, std::string> kDeploymentWide = {
    {"municipality", "the tenants themselves, keyed by the municipality's own id"},
    {"login_throttle", "keyed by a hash of user name and address, before anyone is known"},
    {"audit_head", "the one head of the deployment's single audit chain"},
    {"schema_version", "the version of the schema the whole database is at"},
    {"person_fts",
     "SQLite trigram index keyed by person.id; read only inside a statement that binds "
     "person.municipality_id, written right after the person row's own scoped write"},
    {"resource_fts",
     "SQLite trigram index keyed by resource.id; read only inside a statement that binds "
     "resource.municipality_id, written right after the resource row's own scoped write"},
};

// Statements that do not bind a municipality on purpose: file name → constant → reason.
const std::map<std::string, std::map<std::string, std::string>> kUnscoped = {
    {"account_store.cpp",
     {{"kUserByName", "sign-in: user names are unique in the deployment; the row names its city"},
      {"kSessionByHash", "a request's session, found by its token before its city is known"},
      {"kDeleteExpired", "the sweep of expired sessions covers the whole deployment"}}},
    {"audit_store.cpp",
     {{"kRowsAfter",
       "the audit chain is one for the deployment: verification walks all of it; "
       "AuditService shows a user only their municipality's rows"},
      {"kGroundsAfter", "the same chain, filtered by AuditService as above"},
      {"kLastAnchor",
       "an anchor is a head of the one chain and proves every municipality's rows; only its "
       "sequence number and time are shown"}}},
};

// ---- The rule ----

std::vector<std::string> tables_of(const std::string& sql) {
  static const std::regex kTable(R"(\b(FROM|JOIN|INTO|UPDATE)\s+([A-Za-z_]\w*))",
                                 std::regex::icase);
  static const std::set<std::string> kNotTables = {"set", "select", "lateral", "only"};
  std::vector<std::string> out;
  for (std::sregex_iterator it(sql.begin(), sql.end(), kTable), end; it != end; ++it) {
    std::string name = (*it)[2];
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (kNotTables.count(name) == 0) out.push_back(name);
  }
  return out;
}

bool binds_municipality(const std::string& sql) {
  static const std::regex kBound(R"(\bmunicipality_id\s*(\+\s*0\s*)?=\s*\?)");
  static const std::regex kInsertColumns(R"(\bINSERT\s+INTO\s+\w+\s*\(([^)]*)\))",
                                         std::regex::icase);
  static const std::regex kColumn(R"(\bmunicipality_id\b)");
  if (std::regex_search(sql, kBound)) return true;
  std::smatch m;
  return std::regex_search(sql, m, kInsertColumns) && std::regex_search(m[1].str(), kColumn);
}

struct Schema {
  std::set<std::string> tables;
  std::set<std::string> per_municipality;
  std::set<std::string> with_column;  // tables with their own municipality_id column
};

// Findings for one statement: tables outside the schema, and per-municipality tables touched
// without binding the municipality.
std::vector<std::string> check(const Schema& schema, const std::string& file,
                               const SqlStatement& s) {
  std::vector<std::string> out;
  const std::string where = file + ":" + std::to_string(s.line) + ": " + s.name;
  std::set<std::string> unscoped;
  for (const auto& table : tables_of(s.text)) {
    if (!schema.tables.count(table)) {
      out.push_back(where + " names table " + table + ", which the schema does not have");
    } else if (schema.per_municipality.count(table) && !binds_municipality(s.text)) {
      unscoped.insert(table);
    }
  }
  for (const auto& table : unscoped)
    out.push_back(where + " touches " + table + " without binding municipality_id: " + s.text);
  return out;
}

struct Findings {
  std::vector<std::string> unscoped;                       // statements breaking the rule
  std::vector<std::string> inline_sql;                     // SQL at call sites
  std::set<std::pair<std::string, std::string>> exempted;  // (file, constant) used from kUnscoped
  int statements = 0;
  int files = 0;
};

void check_file(const Schema& schema, const std::string& file, const std::string& source,
                Findings& f) {
  const SourceSql sql = read_sql(source);
  ++f.files;
  for (const auto& s : sql.statements) {
    ++f.statements;
    auto found = check(schema, file, s);
    if (found.empty()) continue;
    auto in_file = kUnscoped.find(file);
    if (in_file != kUnscoped.end() && in_file->second.count(s.name)) {
      f.exempted.insert({file, s.name});
      continue;
    }
    f.unscoped.insert(f.unscoped.end(), found.begin(), found.end());
  }
  for (const auto& x : sql.inline_sql) f.inline_sql.push_back(file + ": " + x);
}

// Every repository source directly under src/store/ (the backends' connection code below it
// runs no statement on a table).
Findings check_store_sources(const Schema& schema) {
  Findings f;
  const auto dir = std::filesystem::path(TSUNAGU_SOURCE_DIR) / "src" / "store";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
    check_file(schema, entry.path().filename().string(), read_file(entry.path()), f);
  }
  return f;
}

Schema read_schema(store::Connection& c) {
  Schema s;
  for (const auto& r : c.query("PRAGMA table_list")) {
    const std::string name = r.text(1), type = r.text(2);
    if (r.text(0) != "main" || type == "shadow" || type == "view" || name.rfind("sqlite_", 0) == 0)
      continue;
    s.tables.insert(name);
  }
  std::map<std::string, std::set<std::string>> references;
  for (const auto& t : s.tables) {
    for (const auto& r : c.query("PRAGMA table_info(\"" + t + "\")"))
      if (r.text(1) == "municipality_id") s.with_column.insert(t);
    for (const auto& r : c.query("PRAGMA foreign_key_list(\"" + t + "\")"))
      references[t].insert(r.text(2));
  }
  s.per_municipality = s.with_column;
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [table, targets] : references) {
      if (s.per_municipality.count(table)) continue;
      for (const auto& target : targets) {
        if (s.per_municipality.count(target)) {
          s.per_municipality.insert(table);
          grew = true;
          break;
        }
      }
    }
  }
  return s;
}

class SqlScope : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto db = TestDatabase::create(store::Backend::kSqlite);
    auto c = db->db().connection();
    schema_ = new Schema(read_schema(*c));
  }
  static void TearDownTestSuite() {
    delete schema_;
    schema_ = nullptr;
  }
  static const Schema& schema() { return *schema_; }

  static std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += "\n  " + l;
    return out;
  }

  static Schema* schema_;
};

Schema* SqlScope::schema_ = nullptr;

TEST_F(SqlScope, TheSchemaSaysWhichTablesBelongToAMunicipality) {
  const auto& s = schema();
  for (const char* t : {"plan", "policy", "person", "app_user", "user_session", "audit_log"})
    EXPECT_TRUE(s.with_column.count(t)) << t;
  // Children without their own column belong through their parent.
  for (const char* t : {"person_need", "meeting_member", "plan_role", "event_project"}) {
    EXPECT_FALSE(s.with_column.count(t)) << t;
    EXPECT_TRUE(s.per_municipality.count(t)) << t;
  }
  // Every other table is deployment-wide, and says why.
  for (const auto& t : s.tables) {
    if (s.per_municipality.count(t)) continue;
    EXPECT_TRUE(kDeploymentWide.count(t))
        << t << " holds no municipality_id: add it to kDeploymentWide with the reason";
  }
  for (const auto& [t, reason] : kDeploymentWide) {
    EXPECT_TRUE(s.tables.count(t)) << t << " is listed but not in the schema";
    EXPECT_FALSE(s.per_municipality.count(t)) << t << " belongs to a municipality: " << reason;
  }
}

TEST_F(SqlScope, EveryRepositoryStatementBindsItsMunicipality) {
  const Findings f = check_store_sources(schema());
  EXPECT_GE(f.files, 15) << "the walk found too few sources: is TSUNAGU_SOURCE_DIR right?";
  EXPECT_GE(f.statements, 150) << "the reader found too few SQL constants";
  EXPECT_TRUE(f.unscoped.empty()) << "statements on a municipality's tables that do not bind "
                                  << "municipality_id (see the rule at the top of this file):"
                                  << join(f.unscoped);
  for (const auto& [file, names] : kUnscoped) {
    for (const auto& [name, reason] : names) {
      EXPECT_TRUE(f.exempted.count({file, name}))
          << file << ": " << name << " is on kUnscoped but no longer needs to be: remove it";
    }
  }
}

TEST_F(SqlScope, NoRepositoryWritesSqlAtACallSite) {
  const Findings f = check_store_sources(schema());
  EXPECT_TRUE(f.inline_sql.empty())
      << "SQL written at the call site: make it a named constant at the top of the file, "
      << "where the scope check reads it:" << join(f.inline_sql);
}

TEST_F(SqlScope, TheCheckerRefusesAnUnscopedStatementAndAcceptsScopedOnes) {
  auto findings = [&](const std::string& source) {
    Findings f;
    check_file(schema(), "x.cpp", source, f);
    auto all = f.unscoped;
    all.insert(all.end(), f.inline_sql.begin(), f.inline_sql.end());
    return all;
  };
  auto bad = findings(
      "constexpr const char* kBad =\n  \"UPDATE plan SET name = ? \"\n"
      "  \"WHERE id = ?\";\nvoid f() { c_.execute(sql::kBad, {}); }\n");
  ASSERT_EQ(bad.size(), 1u) << join(bad);
  EXPECT_NE(bad[0].find("x.cpp:1: kBad touches plan"), std::string::npos) << bad[0];
  // A child table without the column, reached without its parent: refused.
  EXPECT_EQ(findings("constexpr const char* kRoles = \"DELETE FROM plan_role WHERE person_id "
                     "= ?\";")
                .size(),
            1u);
  // A building block used by code on its own is a statement too.
  EXPECT_EQ(findings("constexpr const char* kCols = \"SELECT id FROM room \";\n"
                     "const std::string kRoom = std::string(kCols) + \"WHERE municipality_id = ? "
                     "AND id = ?\";\nvoid f() { c_.query(std::string(sql::kCols) + x); }\n")
                .size(),
            1u);
  // SQL at a call site, directly or through a macro.
  EXPECT_EQ(
      findings("void f() { c_.query(\"SELECT 1 FROM plan WHERE municipality_id = ?\"); }").size(),
      1u);
  EXPECT_EQ(findings("#define Q \"SELECT id \\\n FROM plan\"\nvoid f() { c_.query(Q); }").size(),
            1u);
  // A table the schema does not have (a typo, or a table the reader misread).
  EXPECT_EQ(findings("constexpr const char* kX = \"SELECT 1 FROM plans WHERE municipality_id = "
                     "?\";")
                .size(),
            1u);

  EXPECT_EQ(findings("constexpr const char* kGood = \"UPDATE plan SET name = ? WHERE id = ? AND "
                     "municipality_id = ?\";\nvoid f() { c_.execute(sql::kGood, {}); }")
                .size(),
            0u);
  EXPECT_EQ(findings("#define COLS \"p.id, p.name\"\nconstexpr const char* kA = \"SELECT \" COLS "
                     "\" FROM plan p WHERE p.municipality_id + 0 = ?\";\n"
                     "constexpr const char* kB = R\"SQL(INSERT INTO plan_role (person_id, who) "
                     "SELECT id, ? FROM person WHERE municipality_id = ? AND id = ?)SQL\";\n"
                     "constexpr const char* kC = \"INSERT INTO plan (municipality_id, name) "
                     "VALUES (?, ?)\";\nconstexpr const char* kCols = \"SELECT id FROM room \";\n"
                     "const std::string kRoom = std::string(kCols) + \"WHERE municipality_id = ? "
                     "AND id = ?\";\nconstexpr const char* kD = \"SELECT id FROM login_throttle\";")
                .size(),
            0u);
}

}  // namespace
}  // namespace tsunagu::testing
