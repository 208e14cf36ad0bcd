// What the 施策体系 page and the 計画書 draw from a plan (a 基本計画, or a plan of its own as a
// family of one), as template values: the system table (goals × member plans), the period
// table (plans × fiscal years, with each term the law times), and the policy list per goal and
// member plan.
#pragma once

#include <mstch/mstch.hpp>

#include "core/plan.hpp"

namespace tsunagu::web {

// {name, period, family, philosophy, heads:[{heading, note}], goals:[{no, title,
//  cells:[{policies:[{id, code, text, priority}], empty}]}], priority_count}
mstch::map system_view(const Plan& plan);

// {years:[{label}], rows:[{name, term, cells:[{on, label, span}]}]}: one row for the plan (or
// 基本計画), one per member, one per term; a run of years is one cell spanning them.
mstch::map period_view(const Plan& plan);

// [{no, title, plans:[{heading, policies:[{id, code, text, priority, vision, directions,
//  examples, findings:[{kind, text, source}]}]}]}]: each goal's policies by member plan.
mstch::array policy_list_view(const Plan& plan);

}  // namespace tsunagu::web
