// Helpers shared by the test binaries: files, temporary directories, demo data paths.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tsunagu::testing {

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& bytes);

// The demo copy of seed 000 (Komae's policy table).
std::filesystem::path policy_table_seed();
std::filesystem::path test_data(const std::string& relative);

// Importer cases kept as data: the directories under `dir`, sorted, and a case's input.* file
// (empty when it has none).
std::vector<std::string> case_names(const std::filesystem::path& dir);
std::filesystem::path case_input(const std::filesystem::path& case_dir);

// A golden file's JSON. With TSUNAGU_UPDATE_GOLDEN=1, `actual` is written there first (review
// the diff before committing it). nullopt when the file is missing.
std::optional<nlohmann::ordered_json> golden_json(const std::filesystem::path& path,
                                                  const nlohmann::ordered_json& actual);

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace tsunagu::testing
