#include "web/static_files.hpp"

#include "web/embedded.hpp"

namespace tsunagu::web {
namespace {

std::string_view content_type(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

}  // namespace

void add_security_headers(http::Response& r) {
  r.set("Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  r.set("X-Content-Type-Options", "nosniff");
  // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" even on
  // same-origin form posts, which the login form's Origin check must be able to tell apart.
  r.set("Referrer-Policy", "same-origin");
  r.set("X-Frame-Options", "DENY");
}

std::optional<http::Response> static_file(std::string_view path) {
  if (path == "/") path = "/index.html";
  for (const auto& file : embedded_files()) {
    if (file.path != path) continue;
    http::Response r;
    r.body = std::string(file.bytes);
    r.set("Content-Type", std::string(content_type(path)));
    r.set("Cache-Control", path == "/index.html" ? "no-cache" : "public, max-age=3600");
    add_security_headers(r);
    return r;
  }
  return std::nullopt;
}

}  // namespace tsunagu::web
