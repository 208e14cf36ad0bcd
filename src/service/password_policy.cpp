#include "service/password_policy.hpp"

#include <cstddef>  // crack.h uses size_t without including it

#include <crack.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "service/crypto.hpp"

namespace tsunagu::service {
namespace {

// cracklib's reasons (English, fixed strings of its library) in the user's language.
std::string japanese_reason(std::string_view reason) {
  auto has = [&](std::string_view part) { return reason.find(part) != std::string_view::npos; };
  if (has("dictionary word")) return "辞書にある単語をもとにしています。";
  if (has("simplistic/systematic")) return "単純すぎるか、規則的すぎます（abcd、1234 など）。";
  if (has("DIFFERENT characters")) return "使われている文字の種類が少なすぎます。";
  if (has("whitespace")) return "空白だけでできています。";
  if (has("too short") || has("WAY too short")) return "短すぎます。";
  if (has("username") || has("gecos") || has("your name"))
    return "利用者の名前をもとにしています。";
  return "推測されやすいパスワードです。";
}

// cracklib keeps static buffers: one check at a time.
std::mutex cracklib_mutex;

const char* cracklib_reason(const std::string& candidate) {
  std::lock_guard lock(cracklib_mutex);
  return FascistCheck(candidate.c_str(), GetDefaultCracklibDict());
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The letters of `password` with the digits and symbols before and after them taken off.
std::string core_word(std::string_view password) {
  auto is_letter = [](unsigned char c) { return std::isalpha(c) != 0; };
  auto first = std::find_if(password.begin(), password.end(), is_letter);
  auto last = std::find_if(password.rbegin(), password.rend(), is_letter).base();
  if (first >= last) return {};
  return std::string(first, last);
}

}  // namespace

std::string password_weakness(std::string_view password, std::string_view username) {
  if (auto problem = password_problem(password); !problem.empty()) return problem;
  const std::string lower = lowercase(password);
  // A name may appear in a long password ("demo-admin-pass"), but not make up most of it.
  auto rest_without = [&](const std::string& name) {
    std::string rest = lower;
    if (name.size() < 3) return rest;
    for (auto pos = rest.find(name); pos != std::string::npos; pos = rest.find(name)) {
      rest.erase(pos, name.size());
    }
    return rest;
  };
  if (rest_without(lowercase(username)).size() < 8) {
    return "ユーザー名を除くと短すぎます。ユーザー名をもとにしないでください。";
  }
  if (rest_without("tsunagu").size() < 8) {
    return "システムの名前（tsunagu）を除くと短すぎます。";
  }
  const std::string text(password);
  if (const char* reason = cracklib_reason(text)) {
    return "このパスワードは使えません: " + japanese_reason(reason) +
           "ほかの人に推測されにくい、長めの言葉の組み合わせにしてください。";
  }
  const std::string core = core_word(text);
  if (core.size() >= 6 && core.size() < text.size()) {
    if (const char* reason = cracklib_reason(core)) {
      return "このパスワードは使えません: 数字や記号を除くと" + japanese_reason(reason) +
             "ほかの人に推測されにくい、長めの言葉の組み合わせにしてください。";
    }
  }
  return {};
}

std::string generate_password() {
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
  constexpr unsigned kSize = sizeof kAlphabet - 1;     // 31
  constexpr unsigned kUnbiased = 256 / kSize * kSize;  // bytes at or above 248 are skipped
  std::string out;
  int written = 0;
  while (written < 16) {
    for (unsigned char byte : random_bytes(32)) {
      if (byte >= kUnbiased || written == 16) continue;
      if (written > 0 && written % 4 == 0) out += '-';
      out += kAlphabet[byte % kSize];
      ++written;
    }
  }
  return out;
}

}  // namespace tsunagu::service
