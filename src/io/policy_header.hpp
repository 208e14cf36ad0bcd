// Finding a policy table's header row and giving each column its role (policy_sheet.cpp's
// first step): the vocabulary, viewpoint columns ①②③④, a header over two rows (a sub-header
// under merged cells), the --column choices. Internal to io/.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/delimited.hpp"
#include "io/policy_sheet.hpp"

namespace tsunagu::io::detail {

inline constexpr std::array<std::string_view, 10> kCircled = {"①", "②", "③", "④", "⑤",
                                                              "⑥", "⑦", "⑧", "⑨", "⑩"};

// A cell's text, trimmed; "" past the row's end or for column -1.
std::string policy_cell(const Record& r, int column);

// The sheet's header row and what each column holds.
struct PolicyHeader {
  int line = 0;
  std::size_t data_from = 0;           // index of the first record below the header rows
  std::vector<std::string> texts;      // the header row's texts (a repeat is skipped)
  std::vector<std::string> sub_texts;  // the sub-header's (①②③④), if any
  std::vector<PolicySheetColumn> columns;
  std::map<PolicyRole, int> column_of;  // one column per role (viewpoints apart)
  std::string policy_header;            // the 施策 column's header text
};

// The header among the first 30 rows with text, or nullopt with `why` saying what was missing.
std::optional<PolicyHeader> find_policy_header(const std::vector<Record>& records,
                                               const PolicySheetOptions& options, std::string& why);

}  // namespace tsunagu::io::detail
