#include "http/router.hpp"

namespace tsunagu::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
  Route route{std::move(method), {}, std::move(handler)};
  for (auto s : split_path(pattern)) route.segments.emplace_back(s);
  routes_.push_back(std::move(route));
}

bool Router::match(const Route& route, const std::vector<std::string_view>& segments,
                   Request& request) {
  if (route.segments.size() != segments.size()) return false;
  std::vector<std::pair<std::string, std::string>> params;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& want = route.segments[i];
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      if (segments[i].empty()) return false;
      params.emplace_back(want.substr(1, want.size() - 2), std::string(segments[i]));
    } else if (want != segments[i]) {
      return false;
    }
  }
  request.path_params = std::move(params);
  return true;
}

Response Router::dispatch(Request& request) const {
  auto segments = split_path(request.path);
  std::string allowed;
  for (const auto& route : routes_) {
    if (!match(route, segments, request)) continue;
    if (route.method == request.method || (request.method == "HEAD" && route.method == "GET")) {
      return route.handler(request);
    }
    if (!allowed.empty()) allowed += ", ";
    allowed += route.method;
  }
  if (!allowed.empty()) {
    return Response::error(405, "http.method_not_allowed", "このメソッドは使えません。")
        .set("Allow", allowed);
  }
  return Response::error(404, "http.not_found", "ページが見つかりません。");
}

}  // namespace tsunagu::http
