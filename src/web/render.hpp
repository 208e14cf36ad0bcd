// Server-rendered pages: mustache templates (mstch) compiled into the binary, each rendered into
// the common layout. Values are HTML-escaped unless a template uses {{{triple}}} for HTML this
// code produced itself (charts, rendered sections). Thread-safe.
#pragma once

#include <mstch/mstch.hpp>

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/result.hpp"
#include "http/message.hpp"

namespace tsunagu::web {

// The page `name` (templates/<name>.mustache) inside layout.mustache with `title`; `layout`
// may carry "user" (for the header) — see templates/layout.mustache.
std::string render_page(const std::string& name, const std::string& title,
                        const mstch::map& context, mstch::map layout);

// The two halves of render_page: a template's HTML alone, and that HTML inside the layout.
std::string render_content(const std::string& name, const mstch::map& context);
std::string render_layout(const std::string& title, const std::string& content, mstch::map layout);

// Rendered fragments keyed by everything they depend on; bounded (cleared when full).
// Thread-safe.
class FragmentCache {
 public:
  explicit FragmentCache(std::size_t capacity = 256) : capacity_(capacity) {}
  std::optional<std::string> find(const std::string& key) const;
  void store(const std::string& key, std::string fragment);

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> fragments_;
};

// A Japanese error page (403, 404…) with a way back home.
http::Response error_page(int status, const std::string& message);
// The same for an error: its message, with the status of its kind.
http::Response error_page(const Error& e);

// A complete HTML response with the security headers and no caching.
http::Response html_response(int status, std::string body);

}  // namespace tsunagu::web
