// The reverse proxies in front of the server, and the client address they forward.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::http {

// The client of a request that arrived from `peer`: `peer` itself unless it is one of the
// trusted proxies, else the right-most address of X-Forwarded-For that is not (a proxy appends
// the address it received from, so entries to the left may be forged by the client). Malformed
// entries end the walk: the last good one is used, else `peer`.
class TrustedProxies {
 public:
  // Throws std::invalid_argument naming the first entry that is no address or network.
  explicit TrustedProxies(const std::vector<std::string>& entries);
  bool contains(std::string_view address) const;
  std::string client(const std::string& peer, std::string_view forwarded_for) const;
  bool empty() const { return networks_.empty(); }

 private:
  struct Network;
  std::vector<std::shared_ptr<const Network>> networks_;
};

}  // namespace tsunagu::http
