// ImplementationStore: 実施計画 revisions, their items and per-year rows. Lists (departments,
// directions, budget projects) are stored one item per line. A repository over one
// Connection; the caller owns the transaction. Not thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "core/implementation.hpp"
#include "store/db.hpp"

namespace tsunagu::store {

struct RevisionHeader {
  RevisionId id;
  FiscalYear year{2024};
  std::string label;
};

class ImplementationStore {
 public:
  explicit ImplementationStore(Connection& connection) : c_(connection) {}

  std::vector<RevisionHeader> revisions(MunicipalityId municipality, PlanId plan);  // oldest first
  std::optional<Revision> revision(MunicipalityId municipality, PlanId plan, FiscalYear year);
  // Stores a whole new revision (its items and years); returns its id.
  RevisionId insert(MunicipalityId municipality, PlanId plan, const Revision& revision,
                    std::int64_t now);
  // Replaces one item's fields and years.
  void update_item(MunicipalityId municipality, const ImplementationItem& item);

 private:
  void write_years(MunicipalityId municipality, ItemId item,
                   const std::vector<ImplementationYear>& years);
  Connection& c_;
};

}  // namespace tsunagu::store
