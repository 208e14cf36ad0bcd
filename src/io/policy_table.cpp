#include "io/policy_table.hpp"

#include <array>
#include <charconv>
#include <optional>

#include "core/text.hpp"
#include "io/cell_text.hpp"
#include "io/delimited.hpp"

namespace tsunagu::io {

std::size_t PolicyTable::policy_count() const {
  std::size_t n = 0;
  for (const auto& g : goals) n += g.policies.size();
  return n;
}

namespace {

constexpr std::size_t kColumns = 10;
constexpr std::string_view kGoalWord = "基本目標";
constexpr std::string_view kPriorityMark = "重点施策";
constexpr std::string_view kViewpointMark = "●";
constexpr std::array<std::string_view, 4> kViewpointHeaders = {"①", "②", "③", "④"};

// Column positions.
enum Column : std::size_t {
  kNo = 0,
  kFindings = 1,
  kViewpoint1 = 2,
  kPolicy = 6,
  kVision = 7,
  kDirections = 8,
  kExamples = 9,
};

std::optional<int> parse_number(std::string_view text) {
  std::string folded = fold_width(trim(text));
  int value = 0;
  auto [ptr, ec] = std::from_chars(folded.data(), folded.data() + folded.size(), value);
  if (ec != std::errc() || ptr != folded.data() + folded.size() || value < 1 || value > 999) {
    return std::nullopt;
  }
  return value;
}

bool is_header_row(const Record& r) {
  return trim(r.cells[kNo]) == "No." || trim(r.cells[kNo]) == "No" ||
         trim(r.cells[kNo]) == "Ｎｏ．";
}

bool is_viewpoint_header_row(const Record& r) {
  for (std::size_t k = 0; k < 4; ++k) {
    if (trim(r.cells[kViewpoint1 + k]) != kViewpointHeaders[k]) return false;
  }
  return trim(r.cells[kNo]).empty();
}

class Parser {
 public:
  Result<PolicyTable> run(std::string_view bytes) {
    DelimitedOptions options;
    options.delimiter = '\t';
    options.max_cell_bytes = kMaxFieldBytes;
    auto records = read_delimited(bytes, options);
    if (!records) return records.error();
    for (const auto& record : records.value()) {
      if (!handle(record)) break;
    }
    finish_goal(last_line_);
    if (problems_.empty() && table_.goals.empty()) {
      return make_error(ErrorKind::kInvalid, "import.no_table",
                        "基本目標の見出しと施策の表が見つかりません。資料3 の形（タブ区切り）の"
                        "ファイルか確かめてください。");
    }
    if (!problems_.empty()) {
      Error e = make_error(ErrorKind::kInvalid, first_code_,
                           problems_.size() == 1 ? problems_.front().message
                                                 : std::to_string(problems_.size()) +
                                                       "件の問題があるため取り込みませんでした。");
      if (problems_.size() == 1) {
        e.message = std::to_string(problems_.front().line) + "行目: " + problems_.front().message;
      }
      e.details = std::move(problems_);
      return e;
    }
    return std::move(table_);
  }

 private:
  static constexpr std::size_t kMaxProblems = 100;

  // Returns false to stop (too many problems).
  bool handle(const Record& r) {
    last_line_ = r.line;
    if (r.blank()) return true;
    if (r.cells.size() == 1) {
      if (auto heading = parse_goal_heading(r.cells[0])) {
        start_goal(r.line, heading->first, heading->second);
      } else if (parse_number(r.cells[0]) && goal_ != nullptr) {
        problem("import.truncated", r.line,
                "行が番号だけで終わっています。ファイルが途中で切れていないか確かめてください。");
      }
      return problems_.size() < kMaxProblems;
    }
    if (r.cells.size() != kColumns) {
      problem("import.bad_columns", r.line,
              "列の数が " + std::to_string(r.cells.size()) +
                  " です。施策の表は 10 列（No.、現状と課題、視点①〜④、施策、施策の将来像、"
                  "施策の方向性、主な事業例）です。");
      return problems_.size() < kMaxProblems;
    }
    if (goal_ == nullptr) {
      problem("import.bad_header", r.line,
              "基本目標の見出し（例: 基本目標1 …）より前に表の行があります。");
      return problems_.size() < kMaxProblems;
    }
    if (is_header_row(r)) {
      check_header(r);
      header_rows_ = 1;
    } else if (header_rows_ == 1 && is_viewpoint_header_row(r)) {
      header_rows_ = 2;
    } else if (header_rows_ < 2) {
      problem("import.bad_header", r.line, "見出し行（No. の行と ①②③④ の行）がありません。");
    } else {
      policy_row(r);
    }
    return problems_.size() < kMaxProblems;
  }

  void start_goal(int line, int no, std::string title) {
    finish_goal(line);
    for (const auto& g : table_.goals) {
      if (g.no == no)
        problem("import.bad_row", line, "基本目標" + std::to_string(no) + " が重複しています。");
    }
    if (title.empty()) problem("import.bad_header", line, "基本目標の名前がありません。");
    table_.goals.push_back(GoalDraft{line, no, std::move(title), {}});
    goal_ = &table_.goals.back();
    header_rows_ = 0;
  }

  void finish_goal(int line) {
    if (goal_ != nullptr && goal_->policies.empty()) {
      problem("import.truncated", goal_->line,
              "基本目標" + std::to_string(goal_->no) + " に施策の行がありません（" +
                  std::to_string(line) +
                  "行目まで）。ファイルが途中で切れていないか確かめてください。");
    }
    goal_ = nullptr;
  }

  void check_header(const Record& r) {
    static constexpr std::array<std::pair<std::size_t, std::string_view>, 6> kExpected = {{
        {kFindings, "現状と課題"},
        {kViewpoint1, "視点"},
        {kPolicy, "施策"},
        {kVision, "施策の将来像"},
        {kDirections, "施策の方向性"},
        {kExamples, "主な事業例"},
    }};
    for (const auto& [col, name] : kExpected) {
      if (trim(r.cells[col]) != name) {
        problem("import.bad_header", r.line,
                std::to_string(col + 1) + "列目の見出しが「" + std::string(trim(r.cells[col])) +
                    "」です。「" + std::string(name) + "」のはずです。");
      }
    }
  }

  void policy_row(const Record& r) {
    auto no = parse_number(r.cells[kNo]);
    if (!no) {
      problem("import.bad_row", r.line,
              "No. 欄「" + std::string(trim(r.cells[kNo])) +
                  "」は施策の番号（1, 2, …）ではありません。");
      return;
    }
    for (const auto& p : goal_->policies) {
      if (p.no == *no) {
        problem("import.bad_row", r.line,
                "基本目標" + std::to_string(goal_->no) + " の施策 " + std::to_string(*no) +
                    " が重複しています。");
        return;
      }
    }
    for (std::size_t col = kFindings; col < kColumns; ++col) {
      if (!html_lists_closed(r.cells[col])) {
        problem("import.truncated", r.line,
                std::to_string(col + 1) +
                    "列目の HTML のリスト（<ul>、<li>、<p>）が閉じていません。ファイルが途中で"
                    "切れていないか確かめてください。");
        return;
      }
    }
    PolicyDraft draft;
    draft.line = r.line;
    draft.no = *no;
    PolicyContent& c = draft.content;

    for (const auto& item : cell_items(r.cells[kFindings]).items) {
      auto finding = parse_finding(item);
      if (!finding) {
        problem("import.bad_row", r.line,
                "現状と課題の項目「" + item.substr(0, 60) +
                    "」が【現状】か【課題】で始まっていません。");
        return;
      }
      c.findings.push_back(std::move(*finding));
    }
    for (std::size_t k = 0; k < 4; ++k) {
      std::string_view mark = trim(r.cells[kViewpoint1 + k]);
      if (mark == kViewpointMark) {
        c.viewpoints.push_back(static_cast<int>(k) + 1);
      } else if (!mark.empty()) {
        problem("import.bad_row", r.line,
                std::string("視点") + std::string(kViewpointHeaders[k]) + " の欄「" +
                    std::string(mark) + "」は ● か空欄にしてください。");
        return;
      }
    }
    std::string text;
    for (const auto& block : html_blocks(r.cells[kPolicy])) {
      std::string bare;
      for (char ch : block) {
        if (ch != ' ') bare += ch;
      }
      if (bare == std::string("●") + std::string(kPriorityMark) + "●" || bare == kPriorityMark) {
        c.priority = true;
        continue;
      }
      std::string piece = cell_text(block);
      if (piece.empty()) continue;
      if (!text.empty()) text += '\n';
      text += piece;
    }
    c.text = std::move(text);
    c.vision = cell_text(r.cells[kVision]);
    auto directions = cell_items(r.cells[kDirections]);
    auto examples = cell_items(r.cells[kExamples]);
    c.directions = std::move(directions.items);
    c.examples = std::move(examples.items);
    c.notes = std::move(directions.notes);
    c.notes.insert(c.notes.end(), examples.notes.begin(), examples.notes.end());

    if (c.text.empty()) {
      problem("import.bad_row", r.line, "施策の欄が空です。");
      return;
    }
    if (auto status = validate_policy_content(c); !status) {
      for (const auto& d : status.error().details) {
        problem("import.bad_row", r.line, d.field + ": " + d.message);
      }
      return;
    }
    goal_->policies.push_back(std::move(draft));
  }

  void problem(const char* code, int line, std::string message) {
    if (problems_.empty()) first_code_ = code;
    problems_.push_back({line, "", std::move(message)});
  }

  PolicyTable table_;
  GoalDraft* goal_ = nullptr;
  int header_rows_ = 0;
  int last_line_ = 0;
  std::vector<ErrorDetail> problems_;
  std::string first_code_;
};

}  // namespace

std::optional<std::pair<int, std::string>> parse_goal_heading(std::string_view line) {
  line = trim(line);
  while (!line.empty() && line.front() == '#') line.remove_prefix(1);
  line = trim(line);
  if (line.substr(0, kGoalWord.size()) != kGoalWord) return std::nullopt;
  // "基本目標　２　健康": spaces between the word and its number are allowed.
  std::string rest = fold_width(trim(line.substr(kGoalWord.size())));
  std::size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  if (digits == 0) return std::nullopt;
  auto no = parse_number(std::string_view(rest).substr(0, digits));
  if (!no) return std::nullopt;
  // Keep the title as written (only the number was width-folded).
  std::string_view original_rest = trim(line.substr(kGoalWord.size()));
  std::size_t skip = 0;
  for (int seen = 0; seen < static_cast<int>(digits) && skip < original_rest.size(); ++seen) {
    skip += static_cast<unsigned char>(original_rest[skip]) < 0x80 ? 1 : 3;
  }
  return std::make_pair(*no, squeeze_spaces(original_rest.substr(skip)));
}

std::optional<Finding> parse_finding(std::string_view item) {
  static constexpr std::string_view kOpen = "【";
  static constexpr std::string_view kClose = "】";
  item = trim(item);
  if (item.substr(0, kOpen.size()) != kOpen) return std::nullopt;
  auto close = item.find(kClose);
  if (close == std::string_view::npos) return std::nullopt;
  auto kind = parse_finding_kind(item.substr(kOpen.size(), close - kOpen.size()));
  if (!kind) return std::nullopt;
  Finding f;
  f.kind = *kind;
  std::string_view body = trim(item.substr(close + kClose.size()));
  // A trailing balanced （…） is the source of the statement.
  static constexpr std::string_view kParenOpen = "（";
  static constexpr std::string_view kParenClose = "）";
  // UTF-8 is self-synchronising, so a byte-wise search for the 3-byte brackets is exact.
  std::vector<std::size_t> open_positions;
  std::size_t source_open = std::string_view::npos;
  for (std::size_t i = 0; i < body.size();) {
    if (body.substr(i, 3) == kParenOpen) {
      open_positions.push_back(i);
      i += 3;
    } else if (body.substr(i, 3) == kParenClose) {
      if (!open_positions.empty()) {
        if (i + 3 == body.size()) source_open = open_positions.back();
        open_positions.pop_back();
      }
      i += 3;
    } else {
      ++i;
    }
  }
  if (source_open != std::string_view::npos) {
    std::string_view before = trim(body.substr(0, source_open));
    if (!before.empty()) {
      f.source = squeeze_spaces(body.substr(source_open + 3, body.size() - source_open - 6));
      body = before;
    }
  }
  f.text = squeeze_spaces(body);
  return f;
}

Result<PolicyTable> parse_policy_table(std::string_view bytes) {
  if (bytes.size() > kMaxPolicyTableBytes) {
    return make_error(ErrorKind::kInvalid, "import.too_large", "ファイルが 16MiB を超えています。");
  }
  return Parser().run(bytes);
}

}  // namespace tsunagu::io
