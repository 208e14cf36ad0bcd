// Plain request and response values passed between the server and the application. The HTTP
// layer knows nothing of the domain: it parses, limits, routes and writes.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tsunagu::http {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // as sent: path and query
  std::string path;    // percent-decoded path without the query
  std::string query;   // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;
  bool tls = false;  // the browser's connection is HTTPS (here, or at the TLS proxy in front)
  std::vector<std::pair<std::string, std::string>> path_params;  // filled by the router

  // The first header with this (lower-case) name, or "".
  std::string_view header(std::string_view name) const;
  // A cookie's value from the Cookie header, or "".
  std::string cookie(std::string_view name) const;
  // A {name} segment captured by the router, or "".
  std::string_view param(std::string_view name) const;
};

struct Response;

// Delivers a deferred response; may be called on any thread, exactly once.
using Completion = std::function<void(Response)>;

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Set when the answer is not ready as the handler returns (it waits for something to become
  // durable): the server then calls deferred(complete) and writes what `complete` is given,
  // leaving the handler's thread free meanwhile. Status, headers and body are then ignored.
  std::function<void(Completion)> deferred;

  Response& set(std::string name, std::string value);
  std::string_view header(std::string_view name) const;

  static Response json(int status, std::string body);
  // {"error":{"code","message"}}; the message is shown to people (Japanese).
  static Response error(int status, std::string_view code, std::string_view message);
  // 500 "internal": what a user is told when the server failed (the log says why).
  static Response internal_error();
};

using Handler = std::function<Response(Request&)>;

// A response header that can go on the wire as it is: a token name and a value without any
// control character (no CR or LF, which would end the header and start another, no NUL, no
// tab). The server refuses to send a response with any other header (500, logged by name).
bool header_is_safe(std::string_view name, std::string_view value);

// Decodes %XX and rejects malformed escapes and NUL; returns false when `in` is malformed.
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space = false);

// %XX-encodes every byte except ASCII letters, digits and the characters in `keep`.
std::string percent_encode(std::string_view in, std::string_view keep = "-_.");

// JSON string escaping for the few responses built without a JSON library.
std::string json_escape(std::string_view s);

}  // namespace tsunagu::http
