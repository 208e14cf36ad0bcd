// Resource lists as files: the open-data CSV in the column layout of the 自治体標準オープンデータ
// セット (公共施設一覧), UTF-8 with BOM; and the list staff import from CSV (UTF-8 or CP932) or
// .xlsx, by header names, which accepts the open-data layout too so an export reads back.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/resource.hpp"
#include "core/result.hpp"

namespace tsunagu::io {

// The open-data columns, in order (全国地方公共団体コード, ID, 地方公共団体名, 名称, …, 備考).
const std::vector<std::string>& open_data_columns();

// The public resources as the open-data CSV: BOM, header row, one row per resource, CRLF.
std::string open_data_csv(const std::string& municipality_code,
                          const std::string& municipality_name,
                          const std::vector<Resource>& resources);

// Hiragana → katakana (名称_カナ is written in full-width katakana).
std::string to_katakana(std::string_view text);

struct ResourceRow {
  int line = 0;
  Resource resource;
};

// Reads a resource list (CSV/TSV in UTF-8 or CP932, or .xlsx): a header row naming the
// columns (種別 and 名称 are required), then one resource per row. Every row is checked; any
// problem fails the whole file with error "import.invalid" listing each row's line, column and
// message (nothing is imported). Errors of read_table_file pass through.
Result<std::vector<ResourceRow>> read_resource_file(std::string_view bytes,
                                                    std::string_view file_name);

}  // namespace tsunagu::io
