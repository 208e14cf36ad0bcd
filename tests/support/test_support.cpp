#include "support/test_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace tsunagu::testing {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::filesystem::path policy_table_seed() {
  return std::filesystem::path(TSUNAGU_DEMO_DIR) / "policy_table_komae.tsv";
}

std::filesystem::path test_data(const std::string& relative) {
  return std::filesystem::path(TSUNAGU_TEST_DATA_DIR) / relative;
}

std::vector<std::string> case_names(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::filesystem::path case_input(const std::filesystem::path& case_dir) {
  for (const auto& entry : std::filesystem::directory_iterator(case_dir)) {
    if (entry.path().stem() == "input") return entry.path();
  }
  return {};
}

std::optional<nlohmann::ordered_json> golden_json(const std::filesystem::path& path,
                                                  const nlohmann::ordered_json& actual) {
  if (const char* update = std::getenv("TSUNAGU_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path) << actual.dump(1) << "\n";
  }
  std::ifstream in(path);
  if (!in) return std::nullopt;
  return nlohmann::ordered_json::parse(in);
}

TempDir::TempDir() {
  std::random_device rd;
  auto base = std::filesystem::temp_directory_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto candidate = base / ("tsunagu-test-" + std::to_string(rd()));
    if (std::filesystem::create_directory(candidate)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace tsunagu::testing
