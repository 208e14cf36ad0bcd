#include "cli/serve_config.hpp"

#include <arpa/inet.h>

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <stdexcept>

namespace tsunagu::cli {
namespace serve_config {
namespace {

constexpr const char* kKnownKeys =
    "db, listen, tls_cert, tls_key, threads, handler_threads, behind_tls_proxy, audit_key, "
    "trusted_proxies, max_connections";

int line_of(const toml::source_region& region) { return static_cast<int>(region.begin.line); }

// The key written on line `line` of `text` ("threads" of "threads = "), or "" when the line
// holds none: a syntax error can then still name the key the operator was writing.
std::string key_on_line(std::string_view text, int line) {
  std::size_t start = 0;
  for (int n = 1; n < line && start != std::string_view::npos; ++n) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos) return "";
  auto row = text.substr(start, text.find('\n', start) - start);
  auto equals = row.find('=');
  if (equals == std::string_view::npos) return "";
  auto key = row.substr(0, equals);
  auto first = key.find_first_not_of(" \t");
  auto last = key.find_last_not_of(" \t");
  if (first == std::string_view::npos) return "";
  key = key.substr(first, last - first + 1);
  for (char c : key) {
    bool bare = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-';
    if (!bare) return "";
  }
  return std::string(key);
}

// Collects the problems of one file; each names its line and key.
class Problems {
 public:
  void add(int line, std::string key, std::string message) {
    details_.push_back({line, std::move(key), std::move(message)});
  }
  bool empty() const { return details_.empty(); }
  bool names(const std::string& key) const {
    return std::any_of(details_.begin(), details_.end(),
                       [&](const ErrorDetail& d) { return d.field == key; });
  }
  Error error(const std::string& source, const char* code) && {
    Error e = make_error(ErrorKind::kInvalid, code,
                         "設定ファイル「" + source +
                             "」に誤りがあります。直してから起動してください（サーバーは起動して"
                             "いません）。");
    // The table iterates by key; the operator reads the file top to bottom.
    std::stable_sort(details_.begin(), details_.end(),
                     [](const ErrorDetail& a, const ErrorDetail& b) { return a.line < b.line; });
    e.details = std::move(details_);
    return e;
  }

 private:
  std::vector<ErrorDetail> details_;
};

std::string type_name(toml::node_type type) {
  switch (type) {
    case toml::node_type::string:
      return "文字列";
    case toml::node_type::integer:
      return "整数";
    case toml::node_type::floating_point:
      return "小数";
    case toml::node_type::boolean:
      return "真偽値";
    case toml::node_type::table:
      return "表（[…]）";
    case toml::node_type::array:
      return "配列";
    default:
      return "日付・時刻";
  }
}

// A non-empty string value of `key`, or nullopt with the problem added.
std::optional<std::string> string_value(const toml::node& node, const std::string& key,
                                        Problems& problems) {
  const int line = line_of(node.source());
  const auto* text = node.as_string();
  if (text == nullptr) {
    problems.add(line, key,
                 "文字列で指定してください（" + key + " = \"…\" のように \" で囲みます）。" +
                     type_name(node.type()) + "が書かれています。");
    return std::nullopt;
  }
  if (text->get().empty()) {
    problems.add(line, key,
                 "空にはできません。使わないときは行ごと削除するか、行頭に # を付けてください。");
    return std::nullopt;
  }
  return text->get();
}

// An integer value of `key` in 1..max, or nullopt with the problem added.
std::optional<int> count_value(const toml::node& node, const std::string& key, int max,
                               Problems& problems) {
  const int line = line_of(node.source());
  const auto* number = node.as_integer();
  const std::string range = "1 から " + std::to_string(max) + " までの整数";
  if (number == nullptr) {
    problems.add(line, key,
                 range + "で指定してください（" + key + " = 4 のように引用符なしで書きます）。" +
                     type_name(node.type()) + "が書かれています。");
    return std::nullopt;
  }
  const std::int64_t value = number->get();
  if (value < 1 || value > max) {
    problems.add(line, key,
                 range + "で指定してください（" + std::to_string(value) + " が書かれています）。");
    return std::nullopt;
  }
  return static_cast<int>(value);
}

// A true/false value of `key`, or nullopt with the problem added.
std::optional<bool> flag_value(const toml::node& node, const std::string& key, Problems& problems) {
  if (const auto* b = node.as_boolean()) return b->get();
  problems.add(line_of(node.source()), key,
               "true か false で指定してください（" + key +
                   " = true のように引用符なしで書き"
                   "ます）。" +
                   type_name(node.type()) + "が書かれています。");
  return std::nullopt;
}

// An array of proxy addresses or networks, or nullopt with the problem added.
std::optional<std::vector<std::string>> proxies_value(const toml::node& node,
                                                      const std::string& key, Problems& problems) {
  const int line = line_of(node.source());
  const auto* array = node.as_array();
  const std::string form = key + " = [\"127.0.0.1\", \"10.0.0.0/8\"]";
  if (array == nullptr) {
    problems.add(line, key,
                 "配列で指定してください（" + form + " のように）。" + type_name(node.type()) +
                     "が書かれています。");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *array) {
    const auto* text = item.as_string();
    if (text == nullptr) {
      problems.add(line, key, "配列の要素は文字列で書いてください（" + form + "）。");
      return std::nullopt;
    }
    out.push_back(text->get());
  }
  try {
    http::TrustedProxies check(out);
  } catch (const std::invalid_argument& e) {
    problems.add(line, key, e.what());
    return std::nullopt;
  }
  return out;
}

// Applies one key of the file to `config`.
void apply(const std::string& key, const toml::node& node, ServeConfig& config,
           Problems& problems) {
  if (key == "db") {
    if (auto v = string_value(node, key, problems)) config.db_url = *v;
  } else if (key == "listen") {
    auto v = string_value(node, key, problems);
    if (!v) return;
    if (auto endpoint = parse_listen(*v); !endpoint) {
      problems.add(line_of(node.source()), key, endpoint.error().message);
    } else {
      config.listen = *v;
    }
  } else if (key == "tls_cert") {
    if (auto v = string_value(node, key, problems)) config.tls_cert = *v;
  } else if (key == "tls_key") {
    if (auto v = string_value(node, key, problems)) config.tls_key = *v;
  } else if (key == "threads") {
    if (auto v = count_value(node, key, kMaxThreads, problems)) config.threads = *v;
  } else if (key == "handler_threads") {
    if (auto v = count_value(node, key, kMaxHandlerThreads, problems)) config.handler_threads = *v;
  } else if (key == "behind_tls_proxy") {
    if (auto v = flag_value(node, key, problems)) config.behind_tls_proxy = *v;
  } else if (key == "audit_key") {
    if (auto v = string_value(node, key, problems)) config.audit_key = *v;
  } else if (key == "max_connections") {
    if (auto v = count_value(node, key, kMaxConnections, problems)) {
      if (*v < 16) {
        problems.add(line_of(node.source()), key, "16 以上で指定してください。");
      } else {
        config.max_connections = *v;
      }
    }
  } else if (key == "trusted_proxies") {
    if (auto v = proxies_value(node, key, problems)) config.trusted_proxies = *v;
  }
}

bool known_key(const std::string& key) {
  return key == "db" || key == "listen" || key == "tls_cert" || key == "tls_key" ||
         key == "threads" || key == "handler_threads" || key == "behind_tls_proxy" ||
         key == "audit_key" || key == "trusted_proxies" || key == "max_connections";
}

std::string unknown_key_message(std::string key) {
  std::string message = "このキーはありません。使えるキーは " + std::string(kKnownKeys) + " です。";
  for (char& c : key) {
    if (c == '-') c = '_';
  }
  if (known_key(key)) message += "「" + key + "」のことなら、- ではなく _ で書いてください。";
  return message;
}

// The TLS files come together: the one named alone is the problem.
void check_tls_pair(const toml::table& table, Problems& problems) {
  const auto* cert = table.get("tls_cert");
  const auto* key = table.get("tls_key");
  if ((cert == nullptr) == (key == nullptr)) return;
  const auto* named = cert != nullptr ? cert : key;
  const std::string name = cert != nullptr ? "tls_cert" : "tls_key";
  if (problems.names(name)) return;  // already refused on its own (empty, wrong type)
  problems.add(line_of(named->source()), name,
               "tls_cert と tls_key は両方指定してください（HTTPS には証明書と秘密鍵の両方が"
               "必要です）。");
}

}  // namespace
}  // namespace serve_config

Result<Endpoint> parse_listen(std::string_view text) {
  using namespace serve_config;
  auto bad = [&] {
    return make_error(ErrorKind::kInvalid, "config.bad_listen",
                      "「" + std::string(text) +
                          "」は読めません。127.0.0.1:8080、0.0.0.0:8443、[::1]:8080 のように"
                          "「IPアドレス:ポート番号」（ポート番号は 0〜65535）で指定してください。");
  };
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad();
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  // IPv6 in brackets ([::1]:8080), IPv4 without. The server binds an address and resolves no
  // names, so "localhost:8080" is refused here rather than when the server starts.
  const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);
  const std::string literal(host);
  unsigned char address[sizeof(in6_addr)];
  if (inet_pton(bracketed ? AF_INET6 : AF_INET, literal.c_str(), address) != 1) return bad();
  unsigned int port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return bad();
  }
  return Endpoint{std::string(host), static_cast<unsigned short>(port)};
}

Result<ServeConfig> parse_serve_config(std::string_view text, const std::string& source,
                                       ServeConfig base) {
  using namespace serve_config;
  toml::table table;
  try {
    table = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    Problems problems;
    const int line = line_of(e.source());
    problems.add(line, key_on_line(text, line),
                 "TOML として読めません（" + std::string(e.description()) +
                     "）。文字列は \" で囲み、キーごとに1行で「キー = 値」と書きます。");
    return std::move(problems).error(source, "config.syntax");
  }
  Problems problems;
  for (auto&& [key, node] : table) {
    const std::string name(key.str());
    if (!known_key(name)) {
      problems.add(line_of(key.source()), name, unknown_key_message(name));
      continue;
    }
    apply(name, node, base, problems);
  }
  check_tls_pair(table, problems);
  if (!problems.empty()) return std::move(problems).error(source, "config.invalid");
  return base;
}

Result<http::ServerOptions> server_options(const ServeConfig& config) {
  using namespace serve_config;
  auto endpoint = parse_listen(config.listen);
  if (!endpoint) {
    return make_error(ErrorKind::kInvalid, "config.bad_listen",
                      "--listen（設定ファイルでは listen）: " + endpoint.error().message);
  }
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    return make_error(ErrorKind::kInvalid, "config.tls_incomplete",
                      "--tls-cert と --tls-key（設定ファイルでは tls_cert と tls_key）は両方指定"
                      "してください。");
  }
  http::ServerOptions options;
  options.host = endpoint->host;
  options.port = endpoint->port;
  options.threads = config.threads;
  options.handler_threads = config.handler_threads;
  options.behind_tls_proxy = config.behind_tls_proxy;
  try {
    http::TrustedProxies check(config.trusted_proxies);
  } catch (const std::invalid_argument& e) {
    return make_error(
        ErrorKind::kInvalid, "config.bad_proxy",
        std::string("--trusted-proxy（設定ファイルでは trusted_proxies）: ") + e.what());
  }
  options.trusted_proxies = config.trusted_proxies;
  options.max_connections = static_cast<std::size_t>(config.max_connections);
  if (!config.tls_cert.empty()) {
    options.tls_certificate_file = config.tls_cert;
    options.tls_key_file = config.tls_key;
  }
  return options;
}

}  // namespace tsunagu::cli
