#include "service/progress_service.hpp"

#include <algorithm>
#include <ctime>
#include <limits>
#include <map>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "io/progress_sheet.hpp"
#include "io/table_file.hpp"
#include "service/crypto.hpp"
#include "service/plan_lookup.hpp"
#include "store/account_store.hpp"
#include "store/plan_store.hpp"

namespace tsunagu::service {
namespace {

Date today(const Clock& clock) {
  std::time_t seconds = static_cast<std::time_t>(clock.now_ms() / 1000);
  std::tm tm{};
  localtime_r(&seconds, &tm);
  return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::string category_label(const Category& c) { return "(" + std::to_string(c.no) + ")" + c.name; }

std::string entry_digest(const ProgressEntry& e) {
  nlohmann::json j = {{"grade", e.content.grade.value_or("")},
                      {"done", e.content.done},
                      {"next_plan", e.content.next_plan},
                      {"budget_planned", e.content.budget_planned.value_or(-1)},
                      {"budget_actual", e.content.budget_actual.value_or(-1)},
                      {"state", entry_state_name(e.state)},
                      {"comment", e.return_comment}};
  return sha256_hex(j.dump());
}

std::string_view action_name(EntryAction a) {
  switch (a) {
    case EntryAction::kEdit:
      return "edit";
    case EntryAction::kSubmit:
      return "submit";
    case EntryAction::kApprove:
      return "approve";
    case EntryAction::kReturn:
      return "return";
    case EntryAction::kReopen:
      return "reopen";
  }
  return "edit";
}

Error project_not_found() {
  return make_error(ErrorKind::kNotFound, "project.not_found", "指定された事業はありません。");
}

}  // namespace

ProgressService::ProgressService(store::Database& db, const Clock& clock, const AuditLog& audit)
    : db_(db), clock_(clock), audit_(audit) {}

bool ProgressService::may_edit(const Actor& actor, const Project& project) const {
  if (!actor.may(Permission::kProgressEdit)) return false;
  if (!actor.user || actor.user->role != Role::kDepartmentEditor) return true;
  for (const auto& d : project.departments) {
    if (d == actor.user->department_name) return true;
  }
  return false;
}

Result<PlanId> ProgressService::resolve_plan(store::Connection& c, const Actor& actor,
                                             const std::string& name) {
  auto header = service::resolve_plan(c, actor.municipality, name);
  if (!header) return header.error();
  return header->id;
}

Result<ProgressImportReport> ProgressService::import_sheet(const Actor& actor,
                                                           const ProgressSheetImport& request,
                                                           std::string_view bytes) {
  if (auto allowed = require(actor, Permission::kProgressImport); !allowed) return allowed.error();
  auto records = io::read_table_file(bytes, request.file_name);
  if (!records) return records.error();
  const std::int64_t now = clock_.now_ms();

  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::PlanStore plans(*c);
  store::ProgressStore progress(*c);
  store::AccountStore accounts(*c);
  ProgressImportReport report;
  std::optional<store::PlanHeader> header;
  if (request.plan_name.empty()) {
    auto only = service::resolve_plan(*c, actor.municipality, "");
    if (!only) return only.error();
    header = *only;
  } else {
    header = plans.find_plan(actor.municipality, request.plan_name);
  }
  if (!header) {
    FiscalYear from = request.year, to = FiscalYear(request.year.western() + 5);
    if (auto ok = validate_plan_header(request.plan_name, from, to); !ok) return ok.error();
    header = store::PlanHeader{{}, request.plan_name, from, to, std::nullopt};
    header->id = plans.create_plan(actor.municipality, *header, now);
    report.plan_created = true;
  }
  if (request.year < header->from || request.year > header->to) {
    return make_error(ErrorKind::kInvalid, "import.year_outside_plan",
                      request.year.display() + "は計画「" + header->name + "」の期間（" +
                          header->from.japanese() + "〜" + header->to.japanese() + "）の外です。");
  }
  report.plan = header->id;
  EvaluationScale scale = progress.scale(actor.municipality, header->id);
  auto sheet = io::parse_progress_sheet(*records, scale, request.year);
  if (!sheet) return sheet.error();
  report.warnings = sheet->tally_mismatches;

  std::map<int, CategoryId> categories;
  for (const auto& cat : sheet->categories) {
    categories[cat.no] = progress.ensure_category(actor.municipality, header->id, cat.no, cat.name);
    ++report.categories;
  }
  std::vector<ProgressContent> contents;
  for (const auto& row : sheet->projects) {
    std::vector<DepartmentId> departments;
    for (const auto& d : row.departments)
      departments.push_back(accounts.ensure_department(actor.municipality, d));
    ProjectId id;
    if (auto existing =
            progress.find_project(actor.municipality, header->id, row.category_no, row.no)) {
      id = *existing;
      progress.update_project(actor.municipality, id, row.name, row.content);
      ++report.projects_updated;
    } else {
      Project p;
      p.no = row.no;
      p.name = row.name;
      p.content = row.content;
      if (auto it = categories.find(row.category_no); it != categories.end())
        p.category = it->second;
      id = progress.create_project(actor.municipality, header->id, row.category_no, p, now);
      ++report.projects_created;
    }
    progress.set_departments(actor.municipality, id, departments);
    store::EntryChange change{row.progress, EntryState::kApproved, "", "import", actor.name, now};
    if (auto entry = progress.entry(actor.municipality, id, request.year)) {
      progress.update_entry(actor.municipality, entry->id, entry->version, change);
      ++report.entries_updated;
    } else {
      progress.create_entry(actor.municipality, id, request.year, change);
      ++report.entries_created;
    }
    contents.push_back(row.progress);
  }
  report.scale = scale;
  report.tally = tsunagu::tally(scale, contents);
  nlohmann::json detail = {{"year", request.year.western()},
                           {"projects", sheet->projects.size()},
                           {"created", report.projects_created},
                           {"entries_created", report.entries_created},
                           {"entries_updated", report.entries_updated}};
  audit_.append(*c, {actor.municipality, actor.name, "progress.import", "plan",
                     std::to_string(header->id.value), "", sha256_hex(bytes), kBasisOfficialDuty,
                     detail.dump()});
  tx.commit();
  return report;
}

Result<TallyReport> ProgressService::tally(const Actor& actor, const std::string& plan_name,
                                           FiscalYear year, TallyBy by) {
  if (auto allowed = require(actor, Permission::kProgressRead); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kRead);
  auto plan = resolve_plan(*c, actor, plan_name);
  if (!plan) return plan.error();
  store::ProgressStore progress(*c);
  TallyReport report;
  report.year = year;
  report.scale = progress.scale(actor.municipality, *plan);
  auto projects = progress.projects(actor.municipality, *plan);
  std::map<std::int64_t, const Project*> by_id;
  for (const auto& p : projects) by_id[p.id.value] = &p;
  std::map<std::int64_t, std::string> category_labels;
  for (const auto& cat : progress.categories(actor.municipality, *plan))
    category_labels[cat.id.value] = category_label(cat);
  std::map<std::int64_t, std::string> goal_of_policy;
  std::map<std::string, int> goal_order;  // groups by goal read 基本目標1, 2, … whatever came first
  if (by == TallyBy::kGoal) {
    for (const auto& p : store::PlanStore(*c).load_plans(actor.municipality)) {
      for (const auto& g : p.goals) {
        std::string label = "基本目標" + std::to_string(g.no) + " " + g.title;
        goal_order.emplace(label, g.no);
        for (const auto& pol : g.policies) goal_of_policy[pol.id.value] = label;
      }
    }
  }
  std::vector<ProgressContent> all;
  std::vector<std::pair<std::string, std::vector<ProgressContent>>> groups;  // in first-seen order
  auto add_to = [&](const std::string& label, const ProgressContent& content) {
    for (auto& [l, list] : groups) {
      if (l == label) {
        list.push_back(content);
        return;
      }
    }
    groups.push_back({label, {content}});
  };
  for (const auto& e : progress.entries(actor.municipality, *plan, year)) {
    // The official tally counts approved entries only (imports arrive approved); drafts and
    // entries waiting for review show in the submission status instead.
    if (e.state != EntryState::kApproved) continue;
    all.push_back(e.content);
    const Project* p = by_id.count(e.project.value) ? by_id[e.project.value] : nullptr;
    if (p == nullptr || by == TallyBy::kNone) continue;
    if (by == TallyBy::kCategory) {
      add_to(p->category ? category_labels[p->category->value] : "未分類", e.content);
    } else if (by == TallyBy::kDepartment) {
      for (const auto& d : p->departments) add_to(d, e.content);
    } else {
      add_to(p->policy && goal_of_policy.count(p->policy->value) ? goal_of_policy[p->policy->value]
                                                                 : "施策未設定",
             e.content);
    }
  }
  report.overall = tsunagu::tally(report.scale, all);
  if (by == TallyBy::kGoal) {
    auto rank = [&](const std::string& label) {
      auto it = goal_order.find(label);
      return it == goal_order.end() ? std::numeric_limits<int>::max() : it->second;
    };
    std::stable_sort(groups.begin(), groups.end(),
                     [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
  }
  for (auto& [label, list] : groups)
    report.groups.push_back({label, tsunagu::tally(report.scale, list)});
  return report;
}

Result<EvaluationScale> ProgressService::scale(const Actor& actor, const std::string& plan_name) {
  if (auto allowed = require(actor, Permission::kProgressRead); !allowed) return allowed.error();
  auto c = db_.connection();
  auto plan = resolve_plan(*c, actor, plan_name);
  if (!plan) return plan.error();
  return store::ProgressStore(*c).scale(actor.municipality, *plan);
}

Status ProgressService::set_scale(const Actor& actor, const std::string& plan_name,
                                  const EvaluationScale& scale) {
  if (auto allowed = require(actor, Permission::kProgressApprove); !allowed) return allowed.error();
  if (auto ok = scale.validate(); !ok) return ok.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto plan = resolve_plan(*c, actor, plan_name);
  if (!plan) return plan.error();
  store::ProgressStore progress(*c);
  for (const auto& used : progress.grades_in_use(actor.municipality, *plan)) {
    if (!scale.has(used)) {
      return make_error(ErrorKind::kConflict, "scale.in_use",
                        "評価「" + used +
                            "」の記録があるため、その評価を含まない段階には変更できません。"
                            "先に該当の記録の評価を変更してください。");
    }
  }
  progress.set_scale(actor.municipality, *plan, scale);
  audit_.append(*c, {actor.municipality, actor.name, "progress.set_scale", "plan",
                     std::to_string(plan->value), "", "", kBasisOfficialDuty, ""});
  tx.commit();
  return Ok{};
}

Status ProgressService::open_year(const Actor& actor, const std::string& plan_name, FiscalYear year,
                                  Date deadline) {
  if (auto allowed = require(actor, Permission::kProgressApprove); !allowed) return allowed.error();
  if (!is_valid_date(deadline))
    return make_error(ErrorKind::kInvalid, "progress.invalid", "締切日が正しくありません。");
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  auto plan = resolve_plan(*c, actor, plan_name);
  if (!plan) return plan.error();
  auto header = store::PlanStore(*c).find_plan(actor.municipality, *plan);
  if (year < header->from || year > header->to) {
    return make_error(ErrorKind::kInvalid, "progress.invalid",
                      year.display() + "は計画の期間（" + header->from.japanese() + "〜" +
                          header->to.japanese() + "）の外です。");
  }
  store::ProgressStore(*c).open_year(actor.municipality, *plan, year, deadline, clock_.now_ms());
  audit_.append(*c, {actor.municipality, actor.name, "progress.open_year", "plan",
                     std::to_string(plan->value), "", "", kBasisOfficialDuty,
                     R"({"year":)" + std::to_string(year.western()) + R"(,"deadline":")" +
                         format_iso_date(deadline) + "\"}"});
  tx.commit();
  return Ok{};
}

std::vector<std::pair<Project, std::string>> ProgressService::visible_projects(store::Connection& c,
                                                                               const Actor& actor,
                                                                               PlanId plan) const {
  store::ProgressStore progress(c);
  std::map<std::int64_t, std::string> labels;
  for (const auto& cat : progress.categories(actor.municipality, plan)) {
    labels[cat.id.value] = category_label(cat);
  }
  bool own_only = actor.user && actor.user->role == Role::kDepartmentEditor;
  std::vector<std::pair<Project, std::string>> out;
  for (auto& p : progress.projects(actor.municipality, plan)) {
    if (own_only && !may_edit(actor, p)) continue;
    std::string label = p.category ? labels[p.category->value] : "";
    out.emplace_back(std::move(p), std::move(label));
  }
  return out;
}

Result<std::vector<EntryView>> ProgressService::entries(const Actor& actor,
                                                        const std::string& plan_name,
                                                        FiscalYear year) {
  if (auto allowed = require(actor, Permission::kProgressRead); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kRead);
  auto plan = resolve_plan(*c, actor, plan_name);
  if (!plan) return plan.error();
  std::map<std::int64_t, ProgressEntry> entries;
  for (auto& e : store::ProgressStore(*c).entries(actor.municipality, *plan, year)) {
    entries.emplace(e.project.value, std::move(e));
  }
  std::vector<EntryView> out;
  for (auto& [project, category] : visible_projects(*c, actor, *plan)) {
    EntryView v;
    v.category = std::move(category);
    if (auto it = entries.find(project.id.value); it != entries.end()) v.entry = it->second;
    v.editable = may_edit(actor, project) && (!v.entry || v.entry->state == EntryState::kDraft ||
                                              v.entry->state == EntryState::kReturned);
    v.project = std::move(project);
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<std::pair<Project, std::string>>> ProgressService::projects(
    const Actor& actor, const std::string& plan_name) {
  if (auto allowed = require(actor, Permission::kProgressRead); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kRead);
  auto plan = resolve_plan(*c, actor, plan_name);
  if (!plan) return plan.error();
  return visible_projects(*c, actor, *plan);
}

Result<std::optional<store::ProgressYear>> ProgressService::open_year_of(
    const Actor& actor, const std::string& plan_name) {
  if (auto allowed = require(actor, Permission::kProgressRead); !allowed) return allowed.error();
  auto c = db_.connection();
  auto plan = resolve_plan(*c, actor, plan_name);
  if (!plan) return plan.error();
  return store::ProgressStore(*c).latest_open_year(actor.municipality, *plan);
}

Result<YearStatus> ProgressService::year_status(const Actor& actor, const std::string& plan_name,
                                                FiscalYear year) {
  if (auto allowed = require(actor, Permission::kProgressApprove); !allowed) return allowed.error();
  auto views = entries(actor, plan_name, year);
  if (!views) return views.error();
  auto c = db_.connection();
  auto plan = resolve_plan(*c, actor, plan_name);
  if (!plan) return plan.error();
  YearStatus status;
  status.year = year;
  if (auto y = store::ProgressStore(*c).year(actor.municipality, *plan, year)) {
    status.deadline = y->deadline;
    status.past_deadline = today(clock_) > y->deadline;
  }
  std::map<std::string, DepartmentStatus> by_department;
  for (const auto& v : *views) {
    bool done = v.entry && (v.entry->state == EntryState::kSubmitted ||
                            v.entry->state == EntryState::kApproved);
    for (const auto& d : v.project.departments) {
      auto& s = by_department[d];
      s.department = d;
      ++s.projects;
      if (done)
        ++s.submitted;
      else
        s.missing.push_back(v.project.name);
    }
  }
  for (auto& [name, s] : by_department) status.departments.push_back(std::move(s));
  return status;
}

Result<ProgressEntry> ProgressService::save(const Actor& actor, ProjectId project_id,
                                            FiscalYear year, const ProgressContent& content,
                                            std::int64_t expected_version) {
  return act_impl(actor, project_id, year, EntryAction::kEdit, expected_version, "", &content);
}

Result<ProgressEntry> ProgressService::act(const Actor& actor, ProjectId project_id,
                                           FiscalYear year, EntryAction action,
                                           std::int64_t expected_version,
                                           const std::string& comment) {
  return act_impl(actor, project_id, year, action, expected_version, comment, nullptr);
}

Result<ProgressEntry> ProgressService::act_impl(const Actor& actor, ProjectId project_id,
                                                FiscalYear year, EntryAction action,
                                                std::int64_t expected_version,
                                                const std::string& comment,
                                                const ProgressContent* content) {
  bool approving = action == EntryAction::kApprove || action == EntryAction::kReturn ||
                   action == EntryAction::kReopen;
  if (auto allowed =
          require(actor, approving ? Permission::kProgressApprove : Permission::kProgressEdit);
      !allowed) {
    return allowed.error();
  }
  if (action == EntryAction::kReturn && trim(comment).empty()) {
    return make_error(ErrorKind::kInvalid, "progress.invalid",
                      "差し戻す理由（コメント）を書いてください。");
  }
  if (comment.size() > kMaxFieldBytes)
    return make_error(ErrorKind::kInvalid, "progress.invalid", "コメントが長すぎます。");
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::ProgressStore progress(*c);
  auto project = progress.project(actor.municipality, project_id);
  if (!project) return project_not_found();
  if (!approving && !may_edit(actor, *project)) {
    return make_error(ErrorKind::kForbidden, "auth.forbidden",
                      "この事業は担当課の事業ではないため編集できません。");
  }
  auto plan = progress.plan_of(actor.municipality, project_id);
  auto header = store::PlanStore(*c).find_plan(actor.municipality, *plan);
  if (year < header->from || year > header->to) {
    return make_error(ErrorKind::kInvalid, "progress.invalid",
                      year.display() + "は計画の期間の外です。");
  }
  EvaluationScale scale = progress.scale(actor.municipality, *plan);
  auto existing = progress.entry(actor.municipality, project_id, year);
  std::int64_t current_version = existing ? existing->version : 0;
  if (current_version != expected_version) {
    Error e = make_error(
        ErrorKind::kConflict, "progress.stale_version",
        "この記録は他の人が先に更新しました（現在の版: " + std::to_string(current_version) +
            "）。読み込み直してから、もう一度操作してください。");
    e.details.push_back({0, "version", std::to_string(current_version)});
    return e;
  }
  EntryState state = existing ? existing->state : EntryState::kDraft;
  auto next = next_state(state, action);
  if (!next) return next.error();
  store::EntryChange change;
  change.content =
      content != nullptr ? *content : (existing ? existing->content : ProgressContent{});
  if (auto ok = validate_progress(scale, change.content); !ok) return ok.error();
  if (action == EntryAction::kSubmit && !change.content.grade) {
    return make_error(ErrorKind::kInvalid, "progress.invalid",
                      "評価を選んでから提出してください。");
  }
  change.state = *next;
  change.return_comment =
      action == EntryAction::kReturn ? comment : (existing ? existing->return_comment : "");
  if (action == EntryAction::kApprove) change.return_comment.clear();
  change.action = std::string(action_name(action));
  change.actor = actor.name;
  change.now = clock_.now_ms();
  std::string before = existing ? entry_digest(*existing) : "";
  if (existing) {
    progress.update_entry(actor.municipality, existing->id, expected_version, change);
  } else {
    progress.create_entry(actor.municipality, project_id, year, change);
  }
  auto after = progress.entry(actor.municipality, project_id, year);
  audit_.append(*c,
                {actor.municipality, actor.name, "progress." + change.action, "progress_entry",
                 std::to_string(after->id.value), before, entry_digest(*after), kBasisOfficialDuty,
                 R"({"year":)" + std::to_string(year.western()) + R"(,"state":")" +
                     std::string(entry_state_name(after->state)) + "\"}"});
  tx.commit();
  return *after;
}

Result<io::ProgressSheetData> ProgressService::sheet(const Actor& actor,
                                                     const std::string& plan_name,
                                                     FiscalYear year) {
  auto views = entries(actor, plan_name, year);
  if (!views) return views.error();
  auto c = db_.connection();
  auto plan = resolve_plan(*c, actor, plan_name);
  if (!plan) return plan.error();
  auto header = store::PlanStore(*c).find_plan(actor.municipality, *plan);
  io::ProgressSheetData data;
  data.title = header->name + " 進行管理シート（" + year.display() + "）";
  data.year = year;
  data.scale = store::ProgressStore(*c).scale(actor.municipality, *plan);
  for (const auto& v : *views) {
    data.rows.push_back({v.category, v.project.no, v.project.name, v.project.departments,
                         v.project.content, v.entry ? v.entry->content : ProgressContent{}});
  }
  return data;
}

Result<Project> ProgressService::link_policy(const Actor& actor, ProjectId project_id,
                                             const std::string& policy_code) {
  if (auto allowed = require(actor, Permission::kProgressApprove); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::ProgressStore progress(*c);
  auto plan = progress.plan_of(actor.municipality, project_id);
  if (!plan) return project_not_found();
  std::optional<PolicyId> policy;
  if (!policy_code.empty()) {
    auto found = find_policy_by_code(*c, actor.municipality, *plan, policy_code);
    if (!found) return found.error();
    policy = found->id;
  }
  progress.set_policy(actor.municipality, project_id, policy);
  audit_.append(*c, {actor.municipality, actor.name, "progress.link_policy", "project",
                     std::to_string(project_id.value), "", "", kBasisOfficialDuty,
                     "{\"policy\":\"" + policy_code + "\"}"});
  auto after = progress.project(actor.municipality, project_id);
  tx.commit();
  return *after;
}

Result<std::vector<store::HistoryRow>> ProgressService::history(const Actor& actor,
                                                                ProjectId project_id,
                                                                FiscalYear year) {
  if (auto allowed = require(actor, Permission::kProgressRead); !allowed) return allowed.error();
  auto c = db_.connection();
  store::ProgressStore progress(*c);
  auto project = progress.project(actor.municipality, project_id);
  if (!project) return project_not_found();
  if (actor.user && actor.user->role == Role::kDepartmentEditor && !may_edit(actor, *project)) {
    return make_error(ErrorKind::kForbidden, "auth.forbidden", "この事業の記録は見られません。");
  }
  auto entry = progress.entry(actor.municipality, project_id, year);
  if (!entry) return std::vector<store::HistoryRow>{};
  return progress.history(actor.municipality, entry->id);
}

}  // namespace tsunagu::service
