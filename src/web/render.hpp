// Server-rendered pages: mustache templates (mstch) compiled into the binary, each rendered into
// the common layout. Values are HTML-escaped unless a template uses {{{triple}}} for HTML this
// code produced itself (charts, rendered sections). Thread-safe.
#pragma once

#include <mstch/mstch.hpp>

#include <string>

#include "http/message.hpp"

namespace tsunagu::web {

// The page `name` (templates/<name>.mustache) inside layout.mustache with `title`; `layout`
// may carry "user" (for the header) — see templates/layout.mustache.
std::string render_page(const std::string& name, const std::string& title,
                        const mstch::map& context, mstch::map layout);

// A Japanese error page (403, 404…) with a way back home.
http::Response error_page(int status, const std::string& message);

// A complete HTML response with the security headers and no caching.
http::Response html_response(int status, std::string body);

}  // namespace tsunagu::web
