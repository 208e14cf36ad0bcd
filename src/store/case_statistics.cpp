#include "store/case_statistics.hpp"
#include "store/dates.hpp"

#include "store/case_admin_store.hpp"

#include <string>
#include <unordered_set>

namespace tsunagu::store {
namespace sql {

// The persons counted: a statistics consent holding on the period's last day (three parameters,
// each the last day), registered by then. Read once; the other queries are filtered by it.
constexpr const char* kCounted =
    "SELECT DISTINCT sc.person_id FROM consent sc JOIN person p ON p.id = sc.person_id "
    "WHERE sc.municipality_id = ? AND sc.purpose = 'statistics' AND sc.state <> 'refused' "
    "AND sc.given_on <= ? AND (sc.expires IS NULL OR sc.expires >= ?) "
    "AND (sc.withdrawn_on IS NULL OR sc.withdrawn_on > ?) AND p.registered_on <= ?";

constexpr const char* kClosures =
    "SELECT sp.person_id, (SELECT COUNT(*) FROM supporter s WHERE s.person_id = sp.person_id "
    "AND s.from_on <= sp.started_on AND (s.until_on IS NULL OR s.until_on >= sp.started_on)), "
    "(SELECT COUNT(*) FROM supporter s WHERE s.person_id = sp.person_id "
    "AND s.from_on <= sp.closed_on AND (s.until_on IS NULL OR s.until_on >= sp.closed_on)) "
    "FROM support_plan sp WHERE sp.municipality_id = ? AND sp.closed_on >= ? AND sp.closed_on <= ?";

constexpr const char* kTwoYears =
    "SELECT sp.person_id, sp.closed_on, s.from_on, s.until_on FROM support_plan sp "
    "LEFT JOIN supporter s ON s.person_id = sp.person_id AND s.local = 1 "
    "WHERE sp.municipality_id = ? AND sp.closed_on >= ? AND sp.closed_on <= ? "
    "ORDER BY sp.person_id";

constexpr const char* kReferrals =
    "SELECT r.person_id, r.state, r.sent_on, (SELECT MIN(m.held_on) FROM meeting m "
    "WHERE m.person_id = r.person_id AND m.held_on >= r.sent_on) FROM referral r "
    "WHERE r.municipality_id = ? AND r.sent_on >= ? AND r.sent_on <= ?";

constexpr const char* kReleases =
    "SELECT p.id, CASE WHEN EXISTS (SELECT 1 FROM referral r WHERE r.person_id = p.id "
    "AND r.state IN ('accepted', 'completed') AND r.responded_on <= p.expected_release) "
    "OR EXISTS (SELECT 1 FROM supporter s WHERE s.person_id = p.id AND s.formal = 1 "
    "AND s.from_on <= p.expected_release) THEN 1 ELSE 0 END FROM person p "
    "WHERE p.municipality_id = ? AND p.expected_release >= ? AND p.expected_release <= ?";

}  // namespace sql

CaseStatisticsFacts gather_case_statistics(Connection& c, MunicipalityId m, Date from, Date to) {
  const std::string f = format_iso_date(from), t = format_iso_date(to);
  CaseStatisticsFacts facts;
  std::unordered_set<std::int64_t> counted;
  for (const auto& r : c.query(sql::kCounted, {m.value, t, t, t, t})) counted.insert(r.integer(0));
  facts.persons_counted = static_cast<int>(counted.size());
  auto is_counted = [&](const Row& r) { return counted.count(r.integer(0)) > 0; };

  for (const auto& r : c.query(sql::kClosures, {m.value, f, t})) {
    if (is_counted(r))
      facts.closures.push_back({static_cast<int>(r.integer(1)), static_cast<int>(r.integer(2))});
  }
  auto [two_from, two_to] = two_years_before(from, to);
  std::int64_t last_person = -1;
  for (const auto& r :
       c.query(sql::kTwoYears, {m.value, format_iso_date(two_from), format_iso_date(two_to)})) {
    if (!is_counted(r)) continue;
    if (r.integer(0) != last_person) {
      facts.two_years.push_back({date_at(r, 1), {}});
      last_person = r.integer(0);
    }
    if (!r.is_null(2)) {
      std::optional<Date> until;
      if (!r.is_null(3)) until = date_at(r, 3);
      facts.two_years.back().local_spans.emplace_back(date_at(r, 2), until);
    }
  }
  // Erased cases leave their anonymised facts (store/case_admin_store.hpp).
  CaseAdminStore kept(c);
  for (const auto& a : kept.anonymised(m, from, to))
    facts.closures.push_back({a.supporters_at_start, a.supporters_at_end});
  for (const auto& a : kept.anonymised(m, two_from, two_to)) {
    if (!a.local_after_two_years) continue;
    TwoYearFacts x{a.closed_on, {}};
    if (*a.local_after_two_years) x.local_spans.emplace_back(a.closed_on, std::nullopt);
    facts.two_years.push_back(std::move(x));
  }
  for (const auto& r : c.query(sql::kReferrals, {m.value, f, t})) {
    if (!is_counted(r)) continue;
    if (auto state = parse_referral_state(r.text(1))) ++facts.outcomes[*state];
    ReferralFacts x{date_at(r, 2), std::nullopt};
    if (!r.is_null(3)) x.first_meeting = date_at(r, 3);
    facts.referrals.push_back(x);
  }
  for (const auto& r : c.query(sql::kReleases, {m.value, f, t})) {
    if (!is_counted(r)) continue;
    ++facts.connected_before_release.denominator;
    facts.connected_before_release.numerator += static_cast<int>(r.integer(1));
  }
  return facts;
}

}  // namespace tsunagu::store
