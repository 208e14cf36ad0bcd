#include "service/progress_service.hpp"

#include <algorithm>
#include <ctime>
#include <limits>
#include <map>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "service/crypto.hpp"
#include "service/plan_lookup.hpp"
#include "store/plan_store.hpp"
#include "store/sheet_import_store.hpp"

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

// The labels "(1)住居・就労の確保など" of a plan's categories, by category id.
std::map<std::int64_t, std::string> category_labels_by_id(store::ProgressStore& progress,
                                                          MunicipalityId municipality,
                                                          PlanId plan) {
  std::map<std::int64_t, std::string> labels;
  for (const auto& cat : progress.categories(municipality, plan)) {
    labels[cat.id.value] = category_label(cat);
  }
  return labels;
}

// --- tally ---

// Where a tally by goal or by plan puts each policy's entries ("基本目標4 …", "計画4
// 再犯防止計画"), and the groups' order.
struct GoalLabels {
  std::map<std::int64_t, std::string> of_policy;
  std::map<std::string, int> order;  // groups read 基本目標1, 2, … whatever came first
};

GoalLabels policy_labels(store::Connection& c, MunicipalityId municipality, PlanId plan,
                         TallyBy by) {
  GoalLabels goals;
  for (const auto& p : store::PlanStore(c).load_plans(municipality)) {
    if (p.id != plan) continue;
    for (const auto& g : p.goals) {
      for (const auto& pol : g.policies) {
        std::string label;
        int order = g.no;
        if (by == TallyBy::kGoal) {
          label = "基本目標" + std::to_string(g.no) + " " + g.title;
        } else if (const MemberPlan* m = p.member_at(pol.member)) {
          label = "計画" + std::to_string(m->position) + " " + m->name;
          order = m->position;
        } else {
          label = p.name;  // a plan of its own: a family of one
          order = 0;
        }
        goals.order.emplace(label, order);
        goals.of_policy[pol.id.value] = label;
      }
    }
  }
  return goals;
}

// The labels an entry of `p` counts under when grouped `by` (not kNone): its category, each of
// its departments, or its policy's goal.
std::vector<std::string> tally_labels(const Project& p, TallyBy by,
                                      const std::map<std::int64_t, std::string>& categories,
                                      const GoalLabels& goals) {
  if (by == TallyBy::kCategory) {
    if (!p.category) return {"未分類"};
    auto it = categories.find(p.category->value);
    return {it == categories.end() ? std::string() : it->second};
  }
  if (by == TallyBy::kDepartment) return p.departments;
  auto it = p.policy ? goals.of_policy.find(p.policy->value) : goals.of_policy.end();
  return {it == goals.of_policy.end() ? std::string("施策未設定") : it->second};
}

// Contents grouped under labels, the groups in the order first seen.
class TallyGroups {
 public:
  void add(const std::string& label, const ProgressContent& content) {
    for (auto& [l, list] : groups_) {
      if (l == label) {
        list.push_back(content);
        return;
      }
    }
    groups_.push_back({label, {content}});
  }

  // Goals in their numbers' order; labels that are not goals (施策未設定) last.
  void sort_by_goal(const GoalLabels& goals) {
    auto rank = [&](const std::string& label) {
      auto it = goals.order.find(label);
      return it == goals.order.end() ? std::numeric_limits<int>::max() : it->second;
    };
    std::stable_sort(groups_.begin(), groups_.end(),
                     [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
  }

  const std::vector<std::pair<std::string, std::vector<ProgressContent>>>& groups() const {
    return groups_;
  }

 private:
  std::vector<std::pair<std::string, std::vector<ProgressContent>>> groups_;
};

// --- act_impl ---

bool is_approving(EntryAction action) {
  return action == EntryAction::kApprove || action == EntryAction::kReturn ||
         action == EntryAction::kReopen;
}

// What can be refused before the database is read: the permission the action needs, and its
// comment (a return needs one).
Status check_entry_action(const Actor& actor, EntryAction action, const std::string& comment) {
  if (auto allowed = require(
          actor, is_approving(action) ? Permission::kProgressApprove : Permission::kProgressEdit);
      !allowed) {
    return allowed.error();
  }
  if (action == EntryAction::kReturn && trim(comment).empty()) {
    return make_error(ErrorKind::kInvalid, "progress.invalid",
                      "差し戻す理由（コメント）を書いてください。");
  }
  if (comment.size() > kMaxFieldBytes)
    return make_error(ErrorKind::kInvalid, "progress.invalid", "コメントが長すぎます。");
  return Ok{};
}

Error stale_entry_version(std::int64_t current_version) {
  Error e = make_error(
      ErrorKind::kConflict, "progress.stale_version",
      "この記録は他の人が先に更新しました（現在の版: " + std::to_string(current_version) +
          "）。読み込み直してから、もう一度操作してください。");
  e.details.push_back({0, "version", std::to_string(current_version)});
  return e;
}

// The entry after `action`: its state from the workflow, its content (`content` when editing,
// else as it was) checked against the scale, and its return comment. Who and when are left to
// the caller.
Result<store::EntryChange> entry_change(const EvaluationScale& scale,
                                        const std::optional<ProgressEntry>& existing,
                                        EntryAction action, const std::string& comment,
                                        const ProgressContent* content) {
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
  return change;
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

std::optional<TallyBy> parse_tally_by(std::string_view text) {
  if (text.empty() || text == "none") return TallyBy::kNone;
  if (text == "category") return TallyBy::kCategory;
  if (text == "department") return TallyBy::kDepartment;
  if (text == "goal") return TallyBy::kGoal;
  if (text == "plan") return TallyBy::kPlan;
  return std::nullopt;
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
  auto categories = category_labels_by_id(progress, actor.municipality, *plan);
  const bool by_policy = by == TallyBy::kGoal || by == TallyBy::kPlan;
  GoalLabels goals = by_policy ? policy_labels(*c, actor.municipality, *plan, by) : GoalLabels{};
  std::vector<ProgressContent> all;
  TallyGroups groups;
  for (const auto& e : progress.entries(actor.municipality, *plan, year)) {
    // The official tally counts approved entries only (imports arrive approved); drafts and
    // entries waiting for review show in the submission status instead.
    if (e.state != EntryState::kApproved) continue;
    all.push_back(e.content);
    auto p = by_id.find(e.project.value);
    if (p == by_id.end() || by == TallyBy::kNone) continue;
    for (const auto& label : tally_labels(*p->second, by, categories, goals))
      groups.add(label, e.content);
  }
  report.overall = tsunagu::tally(report.scale, all);
  if (by_policy) groups.sort_by_goal(goals);
  for (const auto& [label, list] : groups.groups())
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
  auto labels = category_labels_by_id(progress, actor.municipality, plan);
  bool own_only = actor.user && actor.user->role == Role::kDepartmentEditor;
  std::vector<std::pair<Project, std::string>> out;
  for (auto& p : progress.projects(actor.municipality, plan)) {
    if (own_only && !may_edit(actor, p)) continue;
    std::string label = p.category ? labels[p.category->value] : "";
    out.emplace_back(std::move(p), std::move(label));
  }
  return out;
}

Result<std::string> ProgressService::plan_name_of(const Actor& actor, ProjectId project) {
  if (auto allowed = require(actor, Permission::kProgressRead); !allowed) return allowed.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kRead);
  auto plan = store::ProgressStore(*c).plan_of(actor.municipality, project);
  if (!plan) return project_not_found();
  auto header = store::PlanStore(*c).find_plan(actor.municipality, *plan);
  if (!header) return project_not_found();
  return header->name;
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
  auto extras = store::SheetImportStore(*c).fields_of_year(actor.municipality, *plan, year);
  std::vector<EntryView> out;
  for (auto& [project, category] : visible_projects(*c, actor, *plan)) {
    EntryView v;
    v.category = std::move(category);
    if (auto it = entries.find(project.id.value); it != entries.end()) v.entry = it->second;
    if (auto it = extras.find(project.id.value); it != extras.end()) v.extras = it->second;
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
  if (auto ok = check_entry_action(actor, action, comment); !ok) return ok.error();
  auto c = db_.connection();
  store::Transaction tx(*c, store::TxMode::kWrite);
  store::ProgressStore progress(*c);
  auto project = progress.project(actor.municipality, project_id);
  if (!project) return project_not_found();
  if (!is_approving(action) && !may_edit(actor, *project)) {
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
  if (current_version != expected_version) return stale_entry_version(current_version);
  auto change = entry_change(scale, existing, action, comment, content);
  if (!change) return change.error();
  change->actor = actor.name;
  change->now = clock_.now_ms();
  std::string before = existing ? entry_digest(*existing) : "";
  if (existing) {
    progress.update_entry(actor.municipality, existing->id, expected_version, *change);
  } else {
    progress.create_entry(actor.municipality, project_id, year, *change);
  }
  auto after = progress.entry(actor.municipality, project_id, year);
  audit_.append(*c,
                {actor.municipality, actor.name, "progress." + change->action, "progress_entry",
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
    data.rows.push_back({v.category, v.project.no, v.project.code, v.project.name,
                         v.project.departments, v.project.content,
                         v.entry ? v.entry->content : ProgressContent{}, v.extras});
    for (const auto& [name, value] : v.extras) {
      if (std::find(data.extra_names.begin(), data.extra_names.end(), name) ==
          data.extra_names.end())
        data.extra_names.push_back(name);
    }
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
