#include "api/import_json.hpp"

namespace tsunagu::api {

nlohmann::ordered_json problems_json(const std::vector<ErrorDetail>& problems) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& p : problems)
    list.push_back({{"line", p.line}, {"column", p.field}, {"message", p.message}});
  return list;
}

}  // namespace tsunagu::api
