#include "web/render.hpp"

#include <stdexcept>

#include "route/respond.hpp"
#include "web/static_files.hpp"
#include "web/templates.hpp"

namespace tsunagu::web {
namespace {

const std::map<std::string, std::string>& all_templates() {
  static const std::map<std::string, std::string> all = [] {
    std::map<std::string, std::string> m;
    for (const auto& f : templates::embedded_files()) {
      std::string key(f.path.substr(1));  // "/home.mustache" → "home"
      key = key.substr(0, key.rfind('.'));
      m.emplace(key, std::string(f.bytes));
    }
    return m;
  }();
  return all;
}

const std::string& template_text(const std::string& name) {
  const auto& all = all_templates();
  auto it = all.find(name);
  if (it == all.end()) throw std::runtime_error("no template " + name);
  return it->second;
}

}  // namespace

std::string render_content(const std::string& name, const mstch::map& context) {
  const std::string& text = template_text(name);
  // Partials ({{> name}}) are any other template; only templates that use one pay for them.
  if (text.find("{{>") != std::string::npos) return mstch::render(text, context, all_templates());
  return mstch::render(text, context);
}

std::string render_layout(const std::string& title, const std::string& content, mstch::map layout) {
  layout["title"] = title;
  layout["content"] = content;
  return mstch::render(template_text("layout"), layout);
}

std::string render_page(const std::string& name, const std::string& title,
                        const mstch::map& context, mstch::map layout) {
  return render_layout(title, render_content(name, context), std::move(layout));
}

std::optional<std::string> FragmentCache::find(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = fragments_.find(key);
  if (it == fragments_.end()) return std::nullopt;
  return it->second;
}

void FragmentCache::store(const std::string& key, std::string fragment) {
  std::lock_guard lock(mutex_);
  if (fragments_.size() >= capacity_) fragments_.clear();
  fragments_[key] = std::move(fragment);
}

http::Response error_page(const Error& e) { return error_page(route::status_for(e), e.message); }

http::Response error_page(int status, const std::string& message) {
  return html_response(status,
                       render_page("error", "エラー", mstch::map{{"message", message}}, {}));
}

http::Response html_response(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  r.set("Content-Type", "text/html; charset=utf-8");
  add_security_headers(r);
  return r;
}

}  // namespace tsunagu::web
