#include "service/audit_key.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "service/crypto.hpp"

namespace tsunagu::service {
namespace {

constexpr std::size_t kKeyBytes = 32;

Error key_error(const char* code, const std::string& message) {
  return make_error(ErrorKind::kUnavailable, code, message);
}

}  // namespace

std::string default_audit_key_file(const std::string& db_url) {
  if (db_url.rfind("postgres", 0) == 0 || db_url.empty() || db_url == ":memory:") return {};
  return db_url + ".audit-key";
}

Result<std::string> read_audit_key(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      return key_error("audit_key.missing", "監査キーのファイル " + path + " がありません。");
    }
    return key_error("audit_key.unreadable",
                     "監査キーのファイル " + path + " を読めません: " + std::strerror(errno));
  }
  if ((info.st_mode & S_IROTH) != 0) {
    return key_error("audit_key.invalid",
                     "監査キーのファイル " + path +
                         " を誰でも読めます。サービスの利用者だけが読めるようにしてください"
                         "（chmod 600）。");
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    return key_error(
        "audit_key.unreadable",
        "監査キーのファイル " + path + " を読めません。サービスの利用者で実行してください。");
  }
  std::string hex = text.str();
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
  auto key = from_hex(hex);
  if (!key || key->size() != kKeyBytes) {
    return key_error("audit_key.invalid",
                     "監査キーのファイル " + path + " の中身が 64 桁の16進数ではありません。");
  }
  return *key;
}

Result<std::string> create_audit_key(const std::string& path) {
  std::string key = random_bytes(kKeyBytes);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return key_error("audit_key.unwritable",
                     "監査キーのファイル " + path + " を作れません: " + std::strerror(errno));
  }
  std::string text = to_hex(key) + "\n";
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  written = ::fsync(fd) == 0 && written;
  ::close(fd);
  if (!written) {
    ::unlink(path.c_str());
    return key_error("audit_key.unwritable",
                     "監査キーのファイル " + path + " を書けませんでした。");
  }
  return key;
}

}  // namespace tsunagu::service
