// Serves the embedded front-end files with content types, long-lived caching for versioned
// assets, and a strict Content-Security-Policy (only this server's own scripts and styles).
#pragma once

#include <optional>
#include <string_view>

#include "http/message.hpp"

namespace tsunagu::web {

// The file at `path` ("/" means "/index.html"), or nullopt when there is none.
std::optional<http::Response> static_file(std::string_view path);

// Headers every HTML or asset response carries.
void add_security_headers(http::Response& response);

}  // namespace tsunagu::web
