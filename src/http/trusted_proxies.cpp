#include "http/trusted_proxies.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace tsunagu::http {

namespace net = boost::asio;

struct TrustedProxies::Network {
  net::ip::address address;
  int prefix = -1;  // -1: one address

  bool contains(const net::ip::address& a) const {
    if (prefix < 0) return a == address;
    if (a.is_v4() && address.is_v4()) {
      return net::ip::make_network_v4(a.to_v4(), prefix).network() ==
             net::ip::make_network_v4(address.to_v4(), prefix).network();
    }
    if (a.is_v6() && address.is_v6()) {
      return net::ip::make_network_v6(a.to_v6(), prefix).network() ==
             net::ip::make_network_v6(address.to_v6(), prefix).network();
    }
    return false;
  }
};

namespace {

std::optional<net::ip::address> parse_address(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  boost::system::error_code ec;
  auto a = net::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  // An IPv4 client seen through an IPv6 socket ("::ffff:10.0.0.5") is that IPv4 address.
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    return net::ip::address(net::ip::make_address_v4(net::ip::v4_mapped, a.to_v6()));
  }
  return a;
}

}  // namespace

TrustedProxies::TrustedProxies(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    auto network = std::make_shared<Network>();
    auto slash = entry.find('/');
    auto address = parse_address(std::string_view(entry).substr(0, slash));
    bool ok = address.has_value();
    if (ok) network->address = *address;
    if (ok && slash != std::string::npos) {
      const std::string bits = entry.substr(slash + 1);
      const int max = network->address.is_v4() ? 32 : 128;
      ok = !bits.empty() && bits.size() <= 3 &&
           std::all_of(bits.begin(), bits.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (ok) network->prefix = std::stoi(bits);
      ok = ok && network->prefix <= max;
    }
    if (!ok) {
      throw std::invalid_argument("「" + entry +
                                  "」は IP アドレス（10.0.0.5）かネットワーク（10.0.0.0/8）で"
                                  "はありません。");
    }
    networks_.push_back(std::move(network));
  }
}

bool TrustedProxies::contains(std::string_view text) const {
  auto a = parse_address(text);
  if (!a) return false;
  return std::any_of(networks_.begin(), networks_.end(),
                     [&](const auto& n) { return n->contains(*a); });
}

std::string TrustedProxies::client(const std::string& peer, std::string_view forwarded_for) const {
  if (networks_.empty() || !contains(peer)) return peer;
  std::string client = peer;
  while (!forwarded_for.empty()) {
    auto comma = forwarded_for.rfind(',');
    auto entry = comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for =
        comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    auto a = parse_address(entry);
    if (!a) break;
    client = a->to_string();
    if (!contains(client)) break;
  }
  return client;
}

}  // namespace tsunagu::http
