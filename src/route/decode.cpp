#include "route/decode.hpp"

#include <charconv>

namespace tsunagu::route {

using nlohmann::json;

Result<json> parse_json_body(const http::Request& request) {
  auto type = request.header("content-type");
  if (type.substr(0, 16) != "application/json") {
    return make_error(ErrorKind::kUnsupportedMediaType, "request.unsupported_media_type",
                      "Content-Type: application/json で送信してください。");
  }
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return make_error(ErrorKind::kMalformed, "request.invalid",
                      "JSON オブジェクトとして読み取れません。");
  }
  return body;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

namespace {

std::multimap<std::string, std::string> form_pairs(const http::Request& request) {
  std::multimap<std::string, std::string> out;
  if (request.header("content-type").substr(0, 33) != "application/x-www-form-urlencoded")
    return out;
  std::string_view rest = request.body;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view part = rest.substr(0, amp);
    auto eq = part.find('=');
    std::string key, value;
    if (http::percent_decode(part.substr(0, eq), key, true) &&
        (eq == std::string_view::npos || http::percent_decode(part.substr(eq + 1), value, true))) {
      out.emplace(std::move(key), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> form_fields(const http::Request& request) {
  std::map<std::string, std::string> out;
  for (auto& [key, value] : form_pairs(request)) out.emplace(key, value);  // the first of each
  return out;
}

std::vector<std::string> form_values(const http::Request& request, const std::string& name) {
  std::vector<std::string> out;
  auto pairs = form_pairs(request);
  auto [begin, end] = pairs.equal_range(name);
  for (auto it = begin; it != end; ++it) out.push_back(it->second);
  return out;
}

std::string query_param(const http::Request& request, std::string_view name) {
  std::string_view rest = request.query;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view part = rest.substr(0, amp);
    auto eq = part.find('=');
    if (part.substr(0, eq) == name) {
      std::string value;
      if (eq != std::string_view::npos && http::percent_decode(part.substr(eq + 1), value, true))
        return value;
      return {};
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return {};
}

std::vector<std::string> query_params(const http::Request& request, std::string_view name) {
  std::vector<std::string> out;
  std::string_view rest = request.query;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view part = rest.substr(0, amp);
    auto eq = part.find('=');
    std::string value;
    if (part.substr(0, eq) == name && eq != std::string_view::npos &&
        http::percent_decode(part.substr(eq + 1), value, true))
      out.push_back(std::move(value));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace tsunagu::route
