// Hashing, random tokens and password hashing (argon2id) through libsodium. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tsunagu::service {

// Lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

// Lowercase hex HMAC-SHA-256 of `data` under `key` (any length; 32 bytes is usual).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// `bytes` random bytes, raw.
std::string random_bytes(std::size_t bytes);

// Lowercase hex of `bytes`, and back (nullopt when `hex` is not hex of even length).
std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);

// `bytes` random bytes as URL-safe base64 without padding.
std::string random_token(std::size_t bytes = 32);

// Constant-time comparison of two strings of equal length (false when lengths differ).
bool equal_constant_time(std::string_view a, std::string_view b);

struct PasswordHashing {
  // libsodium's "interactive" limits (64 MiB, ~0.1 s): enough on modest city-hall machines.
  std::uint64_t ops_limit = 2;
  std::size_t mem_limit = 64u * 1024 * 1024;
  // The cheapest argon2id settings libsodium allows; for tests only.
  static PasswordHashing fastest_for_tests();
};

// An encoded argon2id hash ("$argon2id$v=19$…") that embeds its salt and limits.
// Throws std::runtime_error when the machine cannot allocate mem_limit.
std::string hash_password(std::string_view password, const PasswordHashing& settings);
bool verify_password(std::string_view encoded_hash, std::string_view password);

// Passwords: 10–256 bytes. Returns a Japanese reason when `password` is not acceptable.
std::string password_problem(std::string_view password);

}  // namespace tsunagu::service
