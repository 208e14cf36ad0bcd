// The fictional content `tsunagu demo` adds beyond the seed tables: the 実施計画 and its first
// revision, so that every page has something true-to-life to show. No real person appears.
#pragma once

#include <string>
#include <string_view>

#include "cli/common.hpp"

namespace tsunagu::cli {

// Komae's 基本計画 (seed 001) named `family`: 基本理念 (demo text), five shared goals, six plans
// with §8's example policies, `reentry_table` (seed 000) as plan 4.
Status seed_demo_family(app::Application& w, const service::Actor& actor, const std::string& family,
                        std::string_view reentry_table);

// §10's item 1-1-1 (重層的支援体制, the 重層計画's policy 1-6-1) in the revision of `revision`:
// its code, four 担当課 and R6–R8 work in 令和6年7月策定, R6's results in 令和7年7月改定.
Status seed_demo_integrated_item(app::Application& w, const service::Actor& actor,
                                 const std::string& plan, FiscalYear revision);

// 令和6年7月策定 filled in for the three priority policies, then 令和7年7月改定 recording R6's
// results and revising one target, so that the comparison page has differences to show.
// Links seed 003's projects to the seed 000 policies they serve.
Status seed_demo_project_links(app::Application& w, const service::Actor& actor,
                               const std::string& plan);

Status seed_demo_implementation(app::Application& w, const service::Actor& actor,
                                const std::string& plan);

// The agencies of the demo (fictional offices and groups).
Status seed_demo_agencies(app::Application& w, const service::Actor& actor);

// Fictional persons along seed 004's flow (referral before release, consent, case conference,
// plan, review, closure, follow-ups, supporters), so that the case pages and the indicators of
// fiscal 2024 have something to show. Every name is invented.
Status seed_demo_cases(app::Application& w, const service::Actor& actor);

// Fictional local resources (consultation windows, agencies, places to belong), two interview
// rooms for 保護司 and two events, one of them public.
Status seed_demo_resources(app::Application& w, const service::Actor& actor);

}  // namespace tsunagu::cli

namespace tsunagu::cli {

// `tsunagu demo` on common.db_url: creates the demo database (or reports it exists) and prints
// the demo accounts. Returns the exit code.
int run_demo(Common& common);

}  // namespace tsunagu::cli
