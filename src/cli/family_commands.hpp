// `tsunagu plan family create|edit` and `tsunagu plan member`: a 基本計画 (plan family) with its
// 基本理念 and shared goals, and the member plans under it (seed 001).
#pragma once

#include "cli/common.hpp"

namespace CLI {
class App;
}

namespace tsunagu::cli {

// Adds `family` and `member` under the `plan` command.
void add_family_commands(CLI::App* plan, Common& common);

}  // namespace tsunagu::cli
