#include "web/plan_views.hpp"

#include <algorithm>

namespace tsunagu::web {
namespace {

std::string period_of(FiscalYear from, FiscalYear to) {
  return from.japanese() + "〜" + to.japanese();
}

struct Column {
  int position;  // 0: a plan of its own
  std::string heading;
  std::string note;  // a period shorter than the family's
};

std::vector<Column> columns_of(const Plan& p) {
  std::vector<Column> columns;
  if (!p.family) {
    columns.push_back({0, p.name + "の施策", ""});
    return columns;
  }
  for (const auto& m : p.members) {
    std::string note = m.from == p.from && m.to == p.to ? "" : period_of(m.from, m.to);
    columns.push_back({m.position, std::to_string(m.position) + " " + m.name + "の施策", note});
  }
  return columns;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

mstch::map system_view(const Plan& p) {
  auto columns = columns_of(p);
  mstch::array heads;
  for (const auto& col : columns)
    heads.push_back(mstch::map{{"heading", col.heading}, {"note", col.note}});
  mstch::array goals;
  int priority = 0;
  for (const auto& g : p.goals) {
    mstch::array cells;
    for (const auto& col : columns) {
      mstch::array policies;
      for (const auto& pol : g.policies) {
        if (p.family && pol.member != col.position) continue;
        priority += pol.content.priority ? 1 : 0;
        policies.push_back(mstch::map{{"id", std::to_string(pol.id.value)},
                                      {"code", pol.code},
                                      {"text", first_line(pol.content.text)},
                                      {"priority", pol.content.priority}});
      }
      cells.push_back(mstch::map{{"policies", policies}, {"empty", policies.empty()}});
    }
    goals.push_back(mstch::map{{"no", std::to_string(g.no)}, {"title", g.title}, {"cells", cells}});
  }
  return mstch::map{{"name", p.name},
                    {"period", period_of(p.from, p.to)},
                    {"family", p.family},
                    {"philosophy", p.philosophy},
                    {"heads", heads},
                    {"goals", goals},
                    {"priority_count", std::to_string(priority)}};
}

namespace {

struct PeriodRow {
  std::string name;
  bool term = false;
  std::vector<std::pair<FiscalPeriod, std::string>> runs;  // years on, with a label
};

mstch::map period_row(const PeriodRow& row, FiscalYear from, FiscalYear to) {
  mstch::array cells;
  for (int y = from.western(); y <= to.western();) {
    const std::pair<FiscalPeriod, std::string>* run = nullptr;
    for (const auto& r : row.runs) {
      if (r.first.from.western() <= y && y <= r.first.to.western()) run = &r;
    }
    if (run == nullptr) {
      cells.push_back(
          mstch::map{{"on", false}, {"label", std::string()}, {"span", std::string("1")}});
      ++y;
      continue;
    }
    int end = std::min(run->first.to.western(), to.western());
    cells.push_back(
        mstch::map{{"on", true}, {"label", run->second}, {"span", std::to_string(end - y + 1)}});
    y = end + 1;
  }
  return mstch::map{{"name", row.name}, {"term", row.term}, {"cells", cells}};
}

}  // namespace

mstch::map period_view(const Plan& p) {
  mstch::array years;
  for (int y = p.from.western(); y <= p.to.western(); ++y)
    years.push_back(mstch::map{{"label", FiscalYear(y).japanese()}});
  std::vector<PeriodRow> rows;
  rows.push_back({p.family ? "基本計画" : p.name, false, {{{p.from, p.to}, ""}}});
  for (const auto& m : p.members) {
    rows.push_back({m.name, false, {{{m.from, m.to}, ""}}});
    std::vector<PeriodRow> terms;
    for (const auto& t : m.terms) {
      auto it = std::find_if(terms.begin(), terms.end(),
                             [&](const PeriodRow& r) { return r.name == t.name; });
      if (it == terms.end()) {
        terms.push_back({t.name, true, {}});
        it = terms.end() - 1;
      }
      it->runs.push_back({{t.from, t.to}, t.label});
    }
    for (auto& t : terms) rows.push_back(std::move(t));
  }
  mstch::array out;
  for (const auto& r : rows) out.push_back(period_row(r, p.from, p.to));
  return mstch::map{{"years", years}, {"rows", out}};
}

namespace {

mstch::array texts(const std::vector<std::string>& items) {
  mstch::array a;
  for (const auto& x : items) a.push_back(x);
  return a;
}

mstch::map policy_entry(const Policy& pol) {
  const PolicyContent& pc = pol.content;
  mstch::array findings;
  for (const auto& f : pc.findings) {
    findings.push_back(mstch::map{
        {"kind", std::string(finding_kind_name(f.kind))}, {"text", f.text}, {"source", f.source}});
  }
  return mstch::map{{"id", std::to_string(pol.id.value)},
                    {"code", pol.code},
                    {"text", pc.text},
                    {"priority", pc.priority},
                    {"vision", pc.vision},
                    {"directions", texts(pc.directions)},
                    {"examples", texts(pc.examples)},
                    {"findings", findings},
                    {"has_findings", !findings.empty()}};
}

}  // namespace

mstch::array policy_list_view(const Plan& p) {
  mstch::array goals;
  for (const auto& g : p.goals) {
    mstch::array plans;
    for (const auto& col : columns_of(p)) {
      mstch::array policies;
      for (const auto& pol : g.policies) {
        if (p.family && pol.member != col.position) continue;
        policies.push_back(policy_entry(pol));
      }
      if (!policies.empty())
        plans.push_back(mstch::map{{"heading", col.heading}, {"policies", policies}});
    }
    goals.push_back(mstch::map{{"no", std::to_string(g.no)}, {"title", g.title}, {"plans", plans}});
  }
  return goals;
}

}  // namespace tsunagu::web
