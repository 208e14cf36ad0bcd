// Reading legacy .xls workbooks with libfreexl. libfreexl 1.0.6 (Debian 12) has memory errors
// on malformed files (our fuzzer found a stack-buffer-underflow in freexl_open), and an upload is
// untrusted: the file is read in a child process with limits on memory and time, which hands the
// cells back through a pipe. A crash, a hang or an oversized answer there is a refused file,
// never the server's.
#include <fcntl.h>
#include <freexl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/text.hpp"
#include "io/workbook.hpp"

namespace tsunagu::io {
namespace {

constexpr int kChildSeconds = 20;                       // CPU and wall time for one workbook
constexpr rlim_t kChildMemory = 2048ull * 1024 * 1024;  // address space the child may add

Error not_xls(std::string why) {
  return make_error(ErrorKind::kInvalid, "import.not_xls",
                    "Excel 97-2003 ファイル（.xls）として読み取れません（" + why + "）。");
}

// freexl reads from a path only: the bytes go to a private temporary file, removed at once
// after opening (the handle keeps its own descriptor).
class TemporaryFile {
 public:
  explicit TemporaryFile(std::string_view bytes) {
    std::string dir = std::filesystem::temp_directory_path().string();
    path_ = dir + "/tsunagu-xls-XXXXXX";
    int fd = ::mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
      return;
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
      if (n <= 0) break;
      written += static_cast<std::size_t>(n);
    }
    ::close(fd);
    ok_ = written == bytes.size();
  }
  ~TemporaryFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  bool ok() const { return ok_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool ok_ = false;
};

struct XlsCloser {
  void operator()(const void* handle) const { freexl_close(handle); }
};

// A number as a spreadsheet shows it in a general cell: 12, 12.5, never 12.000000.
std::string number_text(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", v);
  return buffer;
}

Result<Sheet> read_xls_sheet(const void* handle, unsigned short index,
                             const TableFileLimits& limits, CellBudget& cells) {
  Sheet sheet;
  const char* name = nullptr;
  if (freexl_get_worksheet_name(handle, index, &name) != FREEXL_OK ||
      freexl_select_active_worksheet(handle, index) != FREEXL_OK) {
    return not_xls("シートを開けません");
  }
  sheet.name = name != nullptr ? name : "";
  unsigned int rows = 0;
  unsigned short columns = 0;
  if (freexl_worksheet_dimensions(handle, &rows, &columns) != FREEXL_OK)
    return not_xls("シートの大きさがわかりません");
  if (rows > limits.max_rows)
    return make_error(ErrorKind::kInvalid, "import.too_large", "Excel ファイルの行が多すぎます。");
  for (unsigned int row = 0; row < rows; ++row) {
    Record record{static_cast<int>(row) + 1, {}};
    for (unsigned short column = 0; column < columns; ++column) {
      FreeXL_CellValue value;
      if (freexl_get_cell_value(handle, row, column, &value) != FREEXL_OK) continue;
      std::string text;
      switch (value.type) {
        case FREEXL_CELL_INT:
          text = std::to_string(value.value.int_value);
          break;
        case FREEXL_CELL_DOUBLE:
          text = number_text(value.value.double_value);
          break;
        case FREEXL_CELL_TEXT:
        case FREEXL_CELL_SST_TEXT:
        case FREEXL_CELL_DATE:
        case FREEXL_CELL_DATETIME:
        case FREEXL_CELL_TIME:
          text = value.value.text_value != nullptr ? value.value.text_value : "";
          break;
        default:
          break;
      }
      if (text.empty()) continue;
      if (text.size() > limits.max_cell_bytes)
        return make_error(ErrorKind::kInvalid, "import.cell_too_large",
                          std::to_string(row + 1) + "行目: セルが 64KiB を超えています。");
      if (find_invalid_utf8(text)) return not_xls("文字が壊れています");
      const std::size_t width = static_cast<std::size_t>(column) + 1;
      const std::size_t grown = width > record.cells.size() ? width - record.cells.size() : 0;
      if (!cells.spend(grown, text.size()))
        return make_error(ErrorKind::kInvalid, "import.too_large",
                          "Excel ファイルの中身が大きすぎます。");
      if (grown > 0) record.cells.resize(width);
      record.cells[column] = std::move(text);
    }
    if (!record.cells.empty()) sheet.records.push_back(std::move(record));
  }
  return sheet;
}

// Reads the workbook at `path` with libfreexl, in this process (the child of read_xls_workbook).
Result<Workbook> read_xls_file(const std::string& path, const TableFileLimits& limits) {
  const void* raw = nullptr;
  int opened = freexl_open(path.c_str(), &raw);
  std::unique_ptr<const void, XlsCloser> handle(raw);
  if (opened != FREEXL_OK) return not_xls("壊れているか、Excel 97-2003 形式ではありません");
  unsigned int info = 0;
  if (freexl_get_info(raw, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
      info == FREEXL_BIFF_OBFUSCATED) {
    return make_error(ErrorKind::kInvalid, "import.xls_password",
                      "パスワードで保護された .xls ファイルは読み込めません。Excel で保護を解除して"
                      "から保存し直してください。");
  }
  unsigned int count = 0;
  if (freexl_get_info(raw, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count == 0)
    return not_xls("シートがありません");
  Workbook book;
  book.format = TableFormat::kXls;
  CellBudget cells(limits);
  for (unsigned int i = 0; i < count && i < 1024; ++i) {
    auto sheet = read_xls_sheet(raw, static_cast<unsigned short>(i), limits, cells);
    if (!sheet) return sheet.error();
    book.sheets.push_back(std::move(*sheet));
  }
  return book;
}

// The child's answer: 'O' and the sheets, or 'E' and an error, as length-prefixed fields.
class Wire {
 public:
  void u32(std::uint32_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class WireReader {
 public:
  explicit WireReader(std::string_view in) : in_(in) {}
  bool u32(std::uint32_t& v) {
    if (in_.size() < sizeof v) return false;
    std::memcpy(&v, in_.data(), sizeof v);
    in_.remove_prefix(sizeof v);
    return true;
  }
  bool str(std::string& s) {
    std::uint32_t n = 0;
    if (!u32(n) || in_.size() < n) return false;
    s.assign(in_.substr(0, n));
    in_.remove_prefix(n);
    return true;
  }
  bool done() const { return in_.empty(); }
  std::size_t left() const { return in_.size(); }

 private:
  std::string_view in_;
};

std::string encode(const Result<Workbook>& book) {
  Wire w;
  if (!book) {
    w.bytes() += 'E';
    w.str(book.error().code);
    w.str(book.error().message);
    return std::move(w.bytes());
  }
  w.bytes() += 'O';
  w.u32(static_cast<std::uint32_t>(book->sheets.size()));
  for (const auto& sheet : book->sheets) {
    w.str(sheet.name);
    w.u32(static_cast<std::uint32_t>(sheet.records.size()));
    for (const auto& r : sheet.records) {
      w.u32(static_cast<std::uint32_t>(r.line));
      w.u32(static_cast<std::uint32_t>(r.cells.size()));
      for (const auto& c : r.cells) w.str(c);
    }
  }
  return std::move(w.bytes());
}

Result<Workbook> decode(std::string_view bytes) {
  if (bytes.empty()) return not_xls("壊れています");
  WireReader r(bytes.substr(1));
  if (bytes[0] == 'E') {
    std::string code, message;
    if (!r.str(code) || !r.str(message)) return not_xls("壊れています");
    return make_error(ErrorKind::kInvalid, code, message);
  }
  Workbook book;
  book.format = TableFormat::kXls;
  std::uint32_t sheets = 0;
  if (bytes[0] != 'O' || !r.u32(sheets)) return not_xls("壊れています");
  for (std::uint32_t s = 0; s < sheets; ++s) {
    Sheet sheet;
    std::uint32_t records = 0;
    if (!r.str(sheet.name) || !r.u32(records)) return not_xls("壊れています");
    for (std::uint32_t i = 0; i < records; ++i) {
      std::uint32_t line = 0, cells = 0;
      if (!r.u32(line) || !r.u32(cells)) return not_xls("壊れています");
      // Each cell takes at least its length prefix: a count past what is left is a lie.
      if (cells > r.left() / sizeof(std::uint32_t)) return not_xls("壊れています");
      Record record{static_cast<int>(line), {}};
      record.cells.resize(cells);
      for (auto& c : record.cells) {
        if (!r.str(c)) return not_xls("壊れています");
      }
      sheet.records.push_back(std::move(record));
    }
    book.sheets.push_back(std::move(sheet));
  }
  if (!r.done()) return not_xls("壊れています");
  return book;
}

// This process's address space now, from /proc/self/statm (0 when it cannot be read). The
// child inherits all of it (a server's thread stacks, its database's mappings), so its limit is
// this much more than that.
rlim_t address_space_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long long pages = 0;
  const bool read = std::fscanf(f, "%llu", &pages) == 1;
  std::fclose(f);
  return read ? static_cast<rlim_t>(pages) * static_cast<rlim_t>(::sysconf(_SC_PAGESIZE)) : 0;
}

void write_all(int fd, const std::string& bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) return;
    written += static_cast<std::size_t>(n);
  }
}

// Reads the child's answer until it closes the pipe, within `deadline` and `limit` bytes.
bool read_answer(int fd, std::chrono::steady_clock::time_point deadline, std::size_t limit,
                 std::string& out) {
  char buffer[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    out.append(buffer, static_cast<std::size_t>(n));
    if (out.size() > limit) return false;
  }
}

}  // namespace

Result<Workbook> read_xls_workbook(std::string_view bytes, const TableFileLimits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return make_error(ErrorKind::kInvalid, "import.too_large", "ファイルが大きすぎます。");
  TemporaryFile file(bytes);
  if (!file.ok()) return not_xls("一時ファイルを書けません");
  const rlim_t memory_limit = address_space_bytes() + kChildMemory;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return not_xls("読み取りの準備ができません");
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return not_xls("読み取りの準備ができません");
  }
  if (child == 0) {
    // The child: only libfreexl, the pipe and _exit (no destructors, no logging).
    // It keeps only the pipe: no listening socket, client connection or database file of the
    // server stays open in a process that reads an untrusted file.
    ::close(fds[0]);
    if (fds[1] > 3 && ::close_range(3, static_cast<unsigned>(fds[1]) - 1, 0) != 0) {
      for (int fd = 3; fd < fds[1]; ++fd) ::close(fd);  // a kernel before 5.9
    }
    if (::close_range(static_cast<unsigned>(fds[1]) + 1, ~0u, 0) != 0) {
      for (long fd = fds[1] + 1, open_max = ::sysconf(_SC_OPEN_MAX); fd < open_max; ++fd)
        ::close(static_cast<int>(fd));
    }
#if !defined(__SANITIZE_ADDRESS__)
    // (Not under AddressSanitizer: its shadow memory alone is larger than any such limit.)
    rlimit memory{memory_limit, memory_limit};
    ::setrlimit(RLIMIT_AS, &memory);
#endif
    rlimit cpu{kChildSeconds, kChildSeconds};
    ::setrlimit(RLIMIT_CPU, &cpu);
    ::alarm(kChildSeconds);
    write_all(fds[1], encode(read_xls_file(file.path(), limits)));
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string answer;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kChildSeconds + 2);
  const bool complete =
      read_answer(fds[0], deadline, 2 * limits.max_total_bytes + (16u << 20), answer);
  ::close(fds[0]);
  if (!complete) ::kill(child, SIGKILL);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!complete || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return not_xls("ファイルが壊れています。Excel で開けるなら、.xlsx で保存し直してください");
  }
  return decode(answer);
}

}  // namespace tsunagu::io
