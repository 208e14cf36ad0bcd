// Demo data compiled into the binary: the seed documents' tables that `tsunagu demo` loads.
#pragma once

#include <string_view>
#include <vector>

namespace tsunagu::cli {

struct EmbeddedFile {
  std::string_view path;  // "/policy_table_komae.tsv"
  std::string_view bytes;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace tsunagu::cli
