#include "web/resource_page_common.hpp"

namespace tsunagu::web::resource_page_common {

std::string day(Date d) { return format_wareki_date_with_western(d); }

std::string csrf(const route::Context& c) {
  return c.session ? c.session->csrf_token : std::string();
}

namespace {

// Error details as a list, or false.
mstch::node details_of(const Error& e) {
  if (e.details.empty()) return false;
  mstch::array items;
  for (const auto& d : e.details) {
    std::string where = d.line > 0 ? std::to_string(d.line) + " 行目" : "";
    if (!d.field.empty()) where += (where.empty() ? "" : " ") + std::string("「") + d.field + "」";
    items.push_back((where.empty() ? "" : where + ": ") + d.message);
  }
  return mstch::map{{"items", items}};
}

}  // namespace

mstch::map error_of(const Error& e) {
  return mstch::map{{"message", e.message}, {"details", details_of(e)}};
}

std::string error_text(const Error& e) {
  std::string message = e.message;
  for (const auto& d : e.details) message += " " + d.message;
  return message;
}

mstch::array topic_options(std::optional<Topic> current) {
  mstch::array out;
  for (Topic t : kAllTopics) {
    out.push_back(mstch::map{{"name", std::string(topic_name(t))},
                             {"label", std::string(topic_label(t))},
                             {"current", current == t}});
  }
  return out;
}

}  // namespace tsunagu::web::resource_page_common
