#include "store/review_store.hpp"

namespace tsunagu::store {
namespace review_sql {

constexpr const char* kColumns =
    "SELECT o.id, o.year, o.policy_id, COALESCE(p.code, ''), o.opinion, o.response, o.version "
    "FROM committee_opinion o LEFT JOIN policy p ON p.id = o.policy_id ";
const std::string kOfPlan =
    std::string(kColumns) + "WHERE o.municipality_id = ? AND o.plan_id = ? ORDER BY o.year, o.id";
const std::string kOfYear =
    std::string(kColumns) +
    "WHERE o.municipality_id = ? AND o.plan_id = ? AND o.year = ? ORDER BY o.id";
const std::string kOne = std::string(kColumns) + "WHERE o.municipality_id = ? AND o.id = ?";
constexpr const char* kInsert =
    "INSERT INTO committee_opinion (municipality_id, plan_id, year, policy_id, opinion, response, "
    "created_at) "
    "VALUES (?, ?, ?, ?, ?, '', ?) RETURNING id";
constexpr const char* kRespond =
    "UPDATE committee_opinion SET response = ?, responded_at = ?, version = version + 1 "
    "WHERE municipality_id = ? AND id = ? AND version = ?";

}  // namespace review_sql

namespace {
CommitteeOpinion read_opinion(const Row& r) {
  CommitteeOpinion o;
  o.id = OpinionId{r.integer(0)};
  o.year = FiscalYear(static_cast<int>(r.integer(1)));
  if (auto p = r.optional_integer(2)) o.policy = PolicyId{*p};
  o.policy_code = r.text(3);
  o.opinion = r.text(4);
  o.response = r.text(5);
  o.version = r.integer(6);
  return o;
}
}  // namespace

std::vector<CommitteeOpinion> ReviewStore::opinions(MunicipalityId m, PlanId plan,
                                                    std::optional<FiscalYear> year) {
  std::vector<CommitteeOpinion> out;
  Rows rows =
      year ? c_.query(review_sql::kOfYear, {m.value, plan.value, std::int64_t{year->western()}})
           : c_.query(review_sql::kOfPlan, {m.value, plan.value});
  for (const auto& r : rows) out.push_back(read_opinion(r));
  return out;
}

std::optional<CommitteeOpinion> ReviewStore::opinion(MunicipalityId m, OpinionId id) {
  auto rows = c_.query(review_sql::kOne, {m.value, id.value});
  if (rows.empty()) return std::nullopt;
  return read_opinion(rows[0]);
}

OpinionId ReviewStore::insert(MunicipalityId m, PlanId plan, const CommitteeOpinion& o,
                              std::int64_t now) {
  Value policy = o.policy ? Value(o.policy->value) : Value(nullptr);
  return OpinionId{
      c_.query(review_sql::kInsert,
               {m.value, plan.value, std::int64_t{o.year.western()}, policy, o.opinion, now})
          .at(0)
          .integer(0)};
}

bool ReviewStore::respond(MunicipalityId m, OpinionId id, std::int64_t expected_version,
                          const std::string& response, std::int64_t now) {
  return c_.execute(review_sql::kRespond, {response, now, m.value, id.value, expected_version}) ==
         1;
}

}  // namespace tsunagu::store
