#include "route/audit_decode.hpp"

#include "core/text.hpp"
#include "route/decode.hpp"

namespace tsunagu::route {
namespace {

Error invalid(const std::string& message) {
  return make_error(ErrorKind::kMalformed, "request.invalid", message);
}

}  // namespace

Result<service::AuditSearch> decode_audit_search(const http::Request& request, int default_limit) {
  service::AuditSearch s;
  s.limit = default_limit;
  for (auto [name, target] : {std::pair{"from", &s.from}, std::pair{"to", &s.to}}) {
    std::string text(trim(query_param(request, name)));
    if (text.empty()) continue;
    auto day = parse_iso_date(text);
    if (!day) return invalid(std::string(name) + " は YYYY-MM-DD の日付で指定してください。");
    *target = *day;
  }
  s.user = std::string(trim(query_param(request, "user")));
  s.person = std::string(trim(query_param(request, "person")));
  s.action = std::string(trim(query_param(request, "action")));
  s.basis = std::string(trim(query_param(request, "basis")));
  if (!s.person.empty() && !parse_id(s.person))
    return invalid("person は対象者の番号（1 以上の整数）で指定してください。");
  for (auto [name, target] : {std::pair{"after", &s.after}, std::pair{"before", &s.before}}) {
    std::string text(trim(query_param(request, name)));
    if (text.empty() || text == "0") continue;
    auto seq = parse_id(text);
    if (!seq) return invalid(std::string(name) + " は行の番号（0 以上の整数）で指定してください。");
    *target = *seq;
  }
  if (s.after > 0 && s.before > 0) return invalid("after と before は一緒に指定できません。");
  if (std::string text(trim(query_param(request, "limit"))); !text.empty()) {
    auto limit = parse_id(text);
    if (!limit || *limit > 1000) return invalid("limit は 1〜1000 で指定してください。");
    s.limit = static_cast<int>(*limit);
  }
  s.newest_first = query_param(request, "order") == "newest";
  return s;
}

Result<GroundReviewForm> decode_ground_review(const Fields& f) {
  auto outcome = f.text({"outcome", "確認の結果"});
  if (!outcome) return outcome.error();
  auto comment = f.text({"comment", "コメント"});
  if (!comment) return comment.error();
  return GroundReviewForm{std::string(trim(*outcome)), *comment};
}

}  // namespace tsunagu::route
