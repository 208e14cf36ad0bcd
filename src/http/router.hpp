// A plain route table: method + pattern ("/api/v1/policies/{id}") → handler. No macros, no
// globals; the application builds one and hands it to the server. Thread-safe for dispatch
// once built.
#pragma once

#include <string>
#include <vector>

#include "http/message.hpp"

namespace tsunagu::http {

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  // Runs the matching handler; 404 when no pattern matches, 405 (with Allow) when the path
  // matches under another method.
  Response dispatch(Request& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{id}" captures one segment
    Handler handler;
  };
  static bool match(const Route& route, const std::vector<std::string_view>& segments,
                    Request& request);
  std::vector<Route> routes_;
};

}  // namespace tsunagu::http
