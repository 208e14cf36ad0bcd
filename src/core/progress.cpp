#include "core/progress.hpp"

#include <algorithm>
#include <set>

#include "core/plan.hpp"
#include "core/text.hpp"

namespace tsunagu {

EvaluationScale EvaluationScale::ena_default() {
  return EvaluationScale({{"A", "予定通り進行"},
                          {"B", "予定を変更、修正して進行"},
                          {"C", "予定通り進行していない"},
                          {"D", "その他"}});
}

EvaluationScale EvaluationScale::three_step() {
  return EvaluationScale({{"A", "順調"}, {"B", "おおむね順調"}, {"C", "遅れている"}});
}

EvaluationScale EvaluationScale::achievement_five() {
  return EvaluationScale({{"5", "達成"},
                          {"4", "おおむね達成"},
                          {"3", "一部達成"},
                          {"2", "あまり達成していない"},
                          {"1", "達成していない"}});
}

bool EvaluationScale::has(std::string_view code) const {
  for (const auto& g : grades_) {
    if (g.code == code) return true;
  }
  return false;
}

namespace {

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return out;
}

// What follows a grade's code: nothing, a bracketed label "(予定通り進行)", or a separator and
// a label " 達成した", "：達成した", "．達成". nullopt when the code runs on into a word.
std::optional<std::string_view> label_after_code(std::string_view rest) {
  std::string_view t = trim(rest);
  if (t.empty()) return t;
  if (t.front() == '(') {
    if (t.back() != ')') return std::nullopt;
    return trim(t.substr(1, t.size() - 2));
  }
  for (std::string_view sep : {" ", ":", ".", "、", "。", "・"}) {
    if (rest.substr(0, sep.size()) == sep) return trim(rest.substr(sep.size()));
  }
  return std::nullopt;
}

// A label is words: not a number or a code ("3.5" is no grade 3, "B・C" names two grades), and
// not another grade's code followed by more ("B・C 遅れ").
bool is_label_of(std::string_view label, const std::vector<Grade>& grades,
                 const std::string& code) {
  bool words = false;
  for (unsigned char ch : label) words |= ch >= 0x80;
  if (!words) return false;
  const std::string upper = upper_ascii(label);
  for (const auto& other : grades) {
    if (other.code == code || upper.substr(0, other.code.size()) != other.code) continue;
    if (label_after_code(label.substr(other.code.size()))) return false;
  }
  return true;
}

}  // namespace

std::optional<EvaluationScale> EvaluationScale::preset(std::string_view name) {
  if (name == "ena") return ena_default();
  if (name == "abc") return three_step();
  if (name == "five") return achievement_five();
  return std::nullopt;
}

std::optional<std::string> EvaluationScale::parse(std::string_view text) const {
  std::string folded = fold_width(trim(text));
  std::string_view s = trim(folded);
  if (s.empty()) return std::nullopt;
  const std::string upper = upper_ascii(s);
  for (const auto& g : grades_) {
    if (upper == g.code || s == g.label) return g.code;
  }
  // A code followed by a label: the label may be worded differently from the scale's, but it
  // must not be another grade's ("A(その他)" contradicts itself).
  for (const auto& g : grades_) {
    if (upper.substr(0, g.code.size()) != g.code) continue;
    auto label = label_after_code(s.substr(g.code.size()));
    if (!label) continue;
    if (label->empty() || *label == g.label) return g.code;
    if (!is_label_of(*label, grades_, g.code)) continue;
    bool names_another = false;
    for (const auto& other : grades_)
      names_another |= other.code != g.code && *label == other.label;
    if (!names_another) return g.code;
  }
  return std::nullopt;
}

std::string EvaluationScale::display(std::string_view code) const {
  for (const auto& g : grades_) {
    if (g.code == code) return g.code + "(" + g.label + ")";
  }
  return std::string(code);
}

Status EvaluationScale::validate() const {
  std::set<std::string> seen;
  if (grades_.empty())
    return make_error(ErrorKind::kInvalid, "scale.invalid",
                      "評価の段階を1つ以上指定してください。");
  for (const auto& g : grades_) {
    if (trim(g.code).empty() || g.code.size() > 16 || g.label.size() > 200) {
      return make_error(ErrorKind::kInvalid, "scale.invalid",
                        "評価の記号は 16 文字以内で、空にはできません。");
    }
    if (!seen.insert(g.code).second) {
      return make_error(ErrorKind::kInvalid, "scale.invalid",
                        "評価の記号「" + g.code + "」が重複しています。");
    }
  }
  return Ok{};
}

std::string_view entry_state_name(EntryState state) {
  switch (state) {
    case EntryState::kDraft:
      return "draft";
    case EntryState::kSubmitted:
      return "submitted";
    case EntryState::kApproved:
      return "approved";
    case EntryState::kReturned:
      return "returned";
  }
  return "draft";
}

std::string_view entry_state_label(EntryState state) {
  switch (state) {
    case EntryState::kDraft:
      return "下書き";
    case EntryState::kSubmitted:
      return "提出済み";
    case EntryState::kApproved:
      return "承認済み";
    case EntryState::kReturned:
      return "差し戻し";
  }
  return "下書き";
}

std::optional<EntryState> parse_entry_state(std::string_view name) {
  for (auto s :
       {EntryState::kDraft, EntryState::kSubmitted, EntryState::kApproved, EntryState::kReturned}) {
    if (entry_state_name(s) == name) return s;
  }
  return std::nullopt;
}

Result<EntryState> next_state(EntryState current, EntryAction action) {
  auto refuse = [&](std::string why) {
    return make_error(ErrorKind::kConflict, "progress.bad_transition",
                      "「" + std::string(entry_state_label(current)) + "」の記録は" + why);
  };
  bool editable = current == EntryState::kDraft || current == EntryState::kReturned;
  switch (action) {
    case EntryAction::kEdit:
      if (!editable) return refuse("編集できません。計画担当に差し戻しを依頼してください。");
      return current;
    case EntryAction::kSubmit:
      if (!editable) return refuse("提出できません。");
      return EntryState::kSubmitted;
    case EntryAction::kApprove:
      if (current != EntryState::kSubmitted)
        return refuse("承認できません（提出済みのものだけ承認できます）。");
      return EntryState::kApproved;
    case EntryAction::kReturn:
      if (current != EntryState::kSubmitted)
        return refuse("差し戻せません（提出済みのものだけ差し戻せます）。");
      return EntryState::kReturned;
    case EntryAction::kReopen:
      if (current != EntryState::kApproved)
        return refuse("再開できません（承認済みのものだけ再開できます）。");
      return EntryState::kDraft;
  }
  return refuse("操作できません。");
}

std::vector<std::string> split_departments(std::string_view cell) {
  std::vector<std::string> out;
  std::string folded = squeeze_spaces(std::string(cell));
  // U+3000 between names counts as a separator too.
  std::string normal;
  for (std::size_t i = 0; i < folded.size();) {
    if (folded.compare(i, 3, "\xE3\x80\x80") == 0) {
      normal += ' ';
      i += 3;
    } else {
      normal += folded[i++];
    }
  }
  const std::string squeezed = squeeze_spaces(normal);  // the views below point into it
  for (auto token : split(squeezed, ' ')) {
    if (token.empty()) continue;
    bool bracketed = token.front() == '(' || token.substr(0, 3) == "（";
    if (bracketed && !out.empty()) {
      out.back() += " " + std::string(token);
    } else {
      out.emplace_back(token);
    }
  }
  // A department named twice is one department.
  std::vector<std::string> unique;
  for (auto& d : out) {
    if (std::find(unique.begin(), unique.end(), d) == unique.end()) unique.push_back(std::move(d));
  }
  return unique;
}

Tally tally(const EvaluationScale& scale, const std::vector<ProgressContent>& entries) {
  Tally t;
  for (const auto& g : scale.grades()) t.by_grade.emplace_back(g.code, 0);
  for (const auto& e : entries) {
    ++t.total;
    if (!e.grade) {
      ++t.ungraded;
      continue;
    }
    for (auto& [code, count] : t.by_grade) {
      if (code == *e.grade) ++count;
    }
  }
  return t;
}

Status validate_progress(const EvaluationScale& scale, const ProgressContent& c) {
  std::vector<ErrorDetail> problems;
  if (c.grade && !scale.has(*c.grade)) {
    problems.push_back({0, "grade", "評価「" + *c.grade + "」はこの計画の評価段階にありません。"});
  }
  for (auto [field, text] : {std::pair{"done", &c.done}, std::pair{"next_plan", &c.next_plan}}) {
    if (text->size() > kMaxFieldBytes) problems.push_back({0, field, "64KiB を超えています。"});
    if (find_invalid_utf8(*text))
      problems.push_back({0, field, "UTF-8 として正しくない文字を含んでいます。"});
  }
  for (auto [field, value] : {std::pair{"budget_planned", &c.budget_planned},
                              std::pair{"budget_actual", &c.budget_actual}}) {
    if (*value && (**value < 0 || **value > 1'000'000'000'000LL)) {
      problems.push_back({0, field, "予算（千円）は 0 以上の値にしてください。"});
    }
  }
  if (problems.empty()) return Ok{};
  Error e = make_error(ErrorKind::kInvalid, "progress.invalid", "進行管理の内容に誤りがあります。");
  e.details = std::move(problems);
  return e;
}

}  // namespace tsunagu
