#include "cli/sheet_options.hpp"

#include <CLI/CLI.hpp>

namespace tsunagu::cli {

void add_column_option(CLI::App* command, std::vector<std::string>& columns,
                       const std::string& roles) {
  command
      ->add_option(
          "--column", columns,
          "ROLE=HEADER for a column the vocabulary does not know (repeat); roles: " + roles)
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

std::string sheet_line(const std::string& name, const std::vector<std::string>& names) {
  if (names.size() <= 1 && name.empty()) return "";
  std::string all;
  for (const auto& n : names) all += "「" + n + "」";
  return "  シート: 「" + name + "」（このファイルのシート: " + all + "）\n";
}

}  // namespace tsunagu::cli
