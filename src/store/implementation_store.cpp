#include "store/implementation_store.hpp"

#include <map>

#include "core/text.hpp"

namespace tsunagu::store {
namespace implementation_sql {

constexpr const char* kRevisions =
    "SELECT id, year, label FROM implementation_revision WHERE municipality_id = ? AND plan_id = ? "
    "ORDER BY year";
constexpr const char* kRevision =
    "SELECT id, year, label FROM implementation_revision WHERE municipality_id = ? AND plan_id = ? "
    "AND year = ?";
constexpr const char* kItems =
    "SELECT id, policy_id, code, title, departments, directions, end_target, budget_projects "
    "FROM implementation_item WHERE municipality_id = ? AND revision_id = ? ORDER BY ord";
constexpr const char* kYears =
    "SELECT y.item_id, y.year, y.planned_work, y.cost, y.results FROM implementation_year y "
    "JOIN implementation_item i ON i.id = y.item_id WHERE i.municipality_id = ? AND i.revision_id "
    "= ? "
    "ORDER BY y.item_id, y.year";
constexpr const char* kInsertRevision =
    "INSERT INTO implementation_revision (municipality_id, plan_id, year, label, created_at) "
    "VALUES (?, ?, ?, ?, ?) "
    "RETURNING id";
constexpr const char* kInsertItem =
    "INSERT INTO implementation_item (municipality_id, revision_id, policy_id, ord, code, title, "
    "departments, "
    "directions, end_target, budget_projects) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kUpdateItem =
    "UPDATE implementation_item SET code = ?, title = ?, departments = ?, directions = ?, "
    "end_target = ?, budget_projects = ? WHERE municipality_id = ? AND id = ?";
constexpr const char* kDeleteYears =
    "DELETE FROM implementation_year WHERE municipality_id = ? AND item_id = ?";
constexpr const char* kInsertYear =
    "INSERT INTO implementation_year (municipality_id, item_id, year, planned_work, cost, results) "
    "VALUES (?, ?, ?, ?, ?, ?)";

}  // namespace implementation_sql

namespace {

std::string joined_lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += '\n';
    out += s;
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (auto part : split(text, '\n')) out.emplace_back(part);
  return out;
}

}  // namespace

std::vector<RevisionHeader> ImplementationStore::revisions(MunicipalityId m, PlanId plan) {
  std::vector<RevisionHeader> out;
  for (const auto& r : c_.query(implementation_sql::kRevisions, {m.value, plan.value})) {
    out.push_back(
        {RevisionId{r.integer(0)}, FiscalYear(static_cast<int>(r.integer(1))), r.text(2)});
  }
  return out;
}

std::optional<Revision> ImplementationStore::revision(MunicipalityId m, PlanId plan,
                                                      FiscalYear year) {
  auto rows =
      c_.query(implementation_sql::kRevision, {m.value, plan.value, std::int64_t{year.western()}});
  if (rows.empty()) return std::nullopt;
  Revision rev;
  rev.id = RevisionId{rows[0].integer(0)};
  rev.year = year;
  rev.label = rows[0].text(2);
  std::map<std::int64_t, std::size_t> index;
  for (const auto& r : c_.query(implementation_sql::kItems, {m.value, rev.id.value})) {
    ImplementationItem item;
    item.id = ItemId{r.integer(0)};
    if (auto p = r.optional_integer(1)) item.policy = PolicyId{*p};
    item.code = r.text(2);
    item.title = r.text(3);
    item.departments = split_lines(r.text(4));
    item.directions = split_lines(r.text(5));
    item.end_target = r.text(6);
    item.budget_projects = split_lines(r.text(7));
    index[item.id.value] = rev.items.size();
    rev.items.push_back(std::move(item));
  }
  for (const auto& r : c_.query(implementation_sql::kYears, {m.value, rev.id.value})) {
    auto it = index.find(r.integer(0));
    if (it == index.end()) continue;
    rev.items[it->second].years.push_back(
        {FiscalYear(static_cast<int>(r.integer(1))), r.text(2), r.optional_integer(3), r.text(4)});
  }
  return rev;
}

RevisionId ImplementationStore::insert(MunicipalityId m, PlanId plan, const Revision& rev,
                                       std::int64_t now) {
  RevisionId id{c_.query(implementation_sql::kInsertRevision,
                         {m.value, plan.value, std::int64_t{rev.year.western()}, rev.label, now})
                    .at(0)
                    .integer(0)};
  std::int64_t ord = 0;
  for (const auto& item : rev.items) {
    Value policy = item.policy ? Value(item.policy->value) : Value(nullptr);
    ItemId item_id{c_.query(implementation_sql::kInsertItem,
                            {m.value, id.value, policy, ord++, item.code, item.title,
                             joined_lines(item.departments), joined_lines(item.directions),
                             item.end_target, joined_lines(item.budget_projects)})
                       .at(0)
                       .integer(0)};
    write_years(m, item_id, item.years);
  }
  return id;
}

void ImplementationStore::update_item(MunicipalityId m, const ImplementationItem& item) {
  c_.execute(implementation_sql::kUpdateItem,
             {item.code, item.title, joined_lines(item.departments), joined_lines(item.directions),
              item.end_target, joined_lines(item.budget_projects), m.value, item.id.value});
  write_years(m, item.id, item.years);
}

void ImplementationStore::write_years(MunicipalityId m, ItemId item,
                                      const std::vector<ImplementationYear>& years) {
  c_.execute(implementation_sql::kDeleteYears, {m.value, item.value});
  for (const auto& y : years) {
    Value cost = y.cost ? Value(*y.cost) : Value(nullptr);
    c_.execute(
        implementation_sql::kInsertYear,
        {m.value, item.value, std::int64_t{y.year.western()}, y.planned_work, cost, y.results});
  }
}

}  // namespace tsunagu::store
