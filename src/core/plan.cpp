#include "core/plan.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace tsunagu {

std::string_view finding_kind_name(FindingKind kind) {
  return kind == FindingKind::kCurrent ? "現状" : "課題";
}

std::optional<FindingKind> parse_finding_kind(std::string_view name) {
  if (name == "現状") return FindingKind::kCurrent;
  if (name == "課題") return FindingKind::kIssue;
  return std::nullopt;
}

std::string policy_code(std::optional<int> family_position, int goal_no, int policy_no) {
  std::string code = std::to_string(goal_no) + "-";
  if (family_position) code += std::to_string(*family_position) + "-";
  return code + std::to_string(policy_no);
}

namespace {

void check_policy_text(std::vector<ErrorDetail>& problems, std::string_view field,
                       std::string_view value, bool required) {
  if (required && trim(value).empty()) {
    problems.push_back({0, std::string(field), "空にはできません。"});
  }
  if (value.size() > kMaxFieldBytes) {
    problems.push_back({0, std::string(field), "64KiB を超えています。短くしてください。"});
  }
  if (find_invalid_utf8(value)) {
    problems.push_back({0, std::string(field), "UTF-8 として正しくない文字を含んでいます。"});
  }
}

void check_policy_list(std::vector<ErrorDetail>& problems, std::string_view field,
                       const std::vector<std::string>& items) {
  for (const auto& item : items) check_policy_text(problems, field, item, true);
}

}  // namespace

Status validate_policy_content(const PolicyContent& c) {
  std::vector<ErrorDetail> problems;
  check_policy_text(problems, "text", c.text, true);
  check_policy_text(problems, "vision", c.vision, false);
  check_policy_list(problems, "directions", c.directions);
  check_policy_list(problems, "examples", c.examples);
  check_policy_list(problems, "notes", c.notes);
  for (const auto& f : c.findings) {
    check_policy_text(problems, "findings.text", f.text, true);
    check_policy_text(problems, "findings.source", f.source, false);
  }
  for (std::size_t i = 0; i < c.viewpoints.size(); ++i) {
    int v = c.viewpoints[i];
    if (v < 1 || v > 4) {
      problems.push_back({0, "viewpoints", "視点は 1〜4 の番号で指定してください。"});
    } else if (i > 0 && v <= c.viewpoints[i - 1]) {
      problems.push_back({0, "viewpoints", "視点は重複なく昇順で指定してください。"});
    }
  }
  if (problems.empty()) return Ok{};
  Error e = make_error(ErrorKind::kInvalid, "policy.invalid", "施策の内容に誤りがあります。");
  e.details = std::move(problems);
  return e;
}

Status validate_plan_header(std::string_view name, FiscalYear from, FiscalYear to) {
  if (trim(name).empty())
    return make_error(ErrorKind::kInvalid, "plan.invalid", "計画名を指定してください。");
  if (find_invalid_utf8(name) || utf8_length(name) > kMaxPlanNameChars) {
    return make_error(ErrorKind::kInvalid, "plan.invalid",
                      "計画名は UTF-8 で 200 文字以内にしてください。");
  }
  if (to < from) {
    return make_error(
        ErrorKind::kInvalid, "plan.invalid",
        "計画期間の終わり（" + to.display() + "）が始まり（" + from.display() + "）より前です。");
  }
  return Ok{};
}

const DocumentSectionKind* find_document_section(std::string_view key) {
  for (const auto& k : kDocumentSections) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

const MemberPlan* Plan::member_at(int position) const {
  for (const auto& m : members) {
    if (m.position == position) return &m;
  }
  return nullptr;
}

namespace {

bool within(FiscalYear from, FiscalYear to, FiscalYear outer_from, FiscalYear outer_to) {
  return !(from < outer_from) && !(outer_to < to) && !(to < from);
}

std::string period_text(FiscalYear from, FiscalYear to) {
  return from.display() + "〜" + to.display();
}

}  // namespace

Result<BasicGoal> parse_goal_line(std::string_view line) {
  std::string text = fold_width(trim(line));
  std::size_t digits = 0;
  int no = 0;
  while (digits < text.size() && digits < 3 && text[digits] >= '0' && text[digits] <= '9')
    no = no * 10 + (text[digits++] - '0');
  std::string_view rest = std::string_view(text).substr(digits);
  for (std::string_view sep : {"=", "．", ".", "、", " "}) {
    if (rest.substr(0, sep.size()) == sep) {
      rest.remove_prefix(sep.size());
      break;
    }
  }
  rest = trim(rest);
  if (digits == 0 || digits == 3 || rest.empty()) {  // no number, past 99, or no title
    return make_error(ErrorKind::kInvalid, "plan.invalid",
                      "基本目標は「番号=名前」（例: 1=一人ひとりの状況に合わせた切れ目がない相談"
                      "支援）で指定してください: " +
                          std::string(line));
  }
  return BasicGoal{{}, no, std::string(rest), {}};
}

Result<PlanTerm> parse_term_line(std::string_view line) {
  const std::string folded = squeeze_spaces(fold_width(line));
  auto parts = split(folded, ' ');
  if (parts.size() != 3) {
    return make_error(
        ErrorKind::kInvalid, "plan.invalid",
        "期は「計画名 期 期間」（例: 介護保険事業計画 第9期 R6-R8）で指定してください: " +
            std::string(line));
  }
  auto period = parse_fiscal_period(parts[2]);
  if (!period) return period.error();
  return PlanTerm{std::string(parts[0]), std::string(parts[1]), period->from, period->to};
}

Status validate_family_header(const FamilyHeader& h) {
  if (auto ok = validate_plan_header(h.name, h.from, h.to); !ok) return ok;
  std::vector<ErrorDetail> problems;
  check_policy_text(problems, "philosophy", h.philosophy, false);
  if (static_cast<int>(h.goals.size()) > kMaxFamilyGoals)
    problems.push_back({0, "goals", "基本目標は 99 までにしてください。"});
  int last = 0;
  for (const auto& g : h.goals) {
    std::string field = "goals." + std::to_string(g.no);
    if (g.no < 1 || g.no > kMaxFamilyGoals) {
      problems.push_back({0, field, "基本目標の番号は 1〜99 で指定してください。"});
    } else if (g.no <= last) {
      problems.push_back({0, field, "基本目標の番号は重複なく昇順で指定してください。"});
    }
    last = g.no;
    check_policy_text(problems, field, g.title, true);
    if (utf8_length(g.title) > kMaxPlanNameChars)
      problems.push_back({0, field, "基本目標は 200 文字以内にしてください。"});
  }
  if (problems.empty()) return Ok{};
  Error e = make_error(ErrorKind::kInvalid, "plan.invalid", "基本計画の内容に誤りがあります。");
  e.details = std::move(problems);
  return e;
}

Status validate_member(const MemberPlan& m, FiscalYear family_from, FiscalYear family_to) {
  if (m.position < 1 || m.position > kMaxMemberPosition) {
    return make_error(ErrorKind::kInvalid, "plan.invalid",
                      "計画の位置（--position）は 1〜99 で指定してください。");
  }
  if (auto ok = validate_plan_header(m.name, m.from, m.to); !ok) return ok;
  if (!within(m.from, m.to, family_from, family_to)) {
    return make_error(ErrorKind::kInvalid, "plan.invalid",
                      "「" + m.name + "」の期間（" + period_text(m.from, m.to) +
                          "）が基本計画の期間（" + period_text(family_from, family_to) +
                          "）の外にあります。");
  }
  if (m.terms.size() > kMaxMemberTerms) {
    return make_error(ErrorKind::kInvalid, "plan.invalid",
                      "法定の期は一つの計画に 20 までにしてください。");
  }
  for (const auto& t : m.terms) {
    if (trim(t.name).empty() || trim(t.label).empty() || find_invalid_utf8(t.name) ||
        find_invalid_utf8(t.label) || utf8_length(t.name) > kMaxPlanNameChars ||
        utf8_length(t.label) > kMaxPlanNameChars) {
      return make_error(ErrorKind::kInvalid, "plan.invalid",
                        "期の名前と期（例: 介護保険事業計画 第9期）を 200 文字以内で指定して"
                        "ください。");
    }
    if (!within(t.from, t.to, m.from, m.to)) {
      return make_error(ErrorKind::kInvalid, "plan.invalid",
                        t.name + " " + t.label + " の期間（" + period_text(t.from, t.to) +
                            "）が「" + m.name + "」の期間（" + period_text(m.from, m.to) +
                            "）の外にあります。");
    }
  }
  return Ok{};
}

}  // namespace tsunagu
