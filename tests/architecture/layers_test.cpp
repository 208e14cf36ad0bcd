// The layers of src/ and the one direction their includes may point. Every `#include "x/…"`
// under src/ is read against the table below (the same table as src/README.md and
// ../shared/DESIGN.md); a layer may include itself and any layer below it, never a sibling or
// anything above. A violation names the file, the line and the include.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace tsunagu::testing {
namespace {

// Each layer and the layers it builds on directly; what those build on is allowed too.
const std::map<std::string, std::vector<std::string>> kBuildsOn = {
    {"core", {}},
    {"store", {"core"}},
    {"io", {"core"}},
    {"service", {"store", "io"}},
    {"http", {}},
    {"route", {"service", "http"}},
    {"api", {"route"}},
    {"web", {"route"}},
    {"app", {"api", "web"}},
    {"cli", {"app"}},
};

std::set<std::string> allowed_for(const std::string& layer) {
  std::set<std::string> out{layer};
  std::vector<std::string> todo{layer};
  while (!todo.empty()) {
    auto next = todo.back();
    todo.pop_back();
    for (const auto& below : kBuildsOn.at(next)) {
      if (out.insert(below).second) todo.push_back(below);
    }
  }
  return out;
}

// The includes of `text` (a file of `layer`) that point where the table does not allow, as
// "file:line: includes x/y.hpp".
std::vector<std::string> violations(const std::string& layer, const std::string& file,
                                    const std::string& text) {
  static const std::regex kInclude(R"(^\s*#\s*include\s*"([a-z_]+)/[^"]*")");
  const auto allowed = allowed_for(layer);
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::smatch m;
    if (!std::regex_search(line, m, kInclude)) continue;
    const std::string target = m[1];
    if (kBuildsOn.count(target) == 0) continue;  // not a layer (a generated or system header)
    if (allowed.count(target) == 0) {
      out.push_back(file + ":" + std::to_string(number) + ": " + layer + " includes " + target +
                    "/ (" + line + ")");
    }
  }
  return out;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Layers, EveryFolderUnderSrcIsALayerOfTheTable) {
  const std::filesystem::path src = std::filesystem::path(TSUNAGU_SOURCE_DIR) / "src";
  for (const auto& entry : std::filesystem::directory_iterator(src)) {
    if (!entry.is_directory()) continue;
    EXPECT_EQ(kBuildsOn.count(entry.path().filename().string()), 1u)
        << entry.path() << " is not in the layer table: add it to kBuildsOn, src/README.md and "
        << "src/CMakeLists.txt";
  }
}

// tests/<layer>/ holds the tests of src/<layer>/, so a failing binary names its seam. Folders
// that are not a layer's: the checks across layers, the security review's tests (one file per
// theme, whatever layer they reach), the browser flows, the package, the shared support and the
// test data.
TEST(Layers, EveryTestFolderMirrorsALayer) {
  const std::set<std::string> kNotLayers = {"architecture", "security", "e2e",   "packaging",
                                            "support",      "data",     "golden"};
  const std::filesystem::path tests = std::filesystem::path(TSUNAGU_SOURCE_DIR) / "tests";
  int folders = 0;
  for (const auto& entry : std::filesystem::directory_iterator(tests)) {
    if (!entry.is_directory()) continue;
    const auto name = entry.path().filename().string();
    if (kNotLayers.count(name) != 0) continue;
    ++folders;
    EXPECT_EQ(kBuildsOn.count(name), 1u)
        << "tests/" << name << "/ is not a layer of src/: move its tests to the folder of the "
        << "layer they test";
  }
  EXPECT_GE(folders, 8);
}

TEST(Layers, EveryIncludeUnderSrcPointsDownward) {
  const std::filesystem::path src = std::filesystem::path(TSUNAGU_SOURCE_DIR) / "src";
  std::vector<std::string> found;
  int files = 0;
  for (const auto& [layer, _] : kBuildsOn) {
    if (!std::filesystem::exists(src / layer)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(src / layer)) {
      const auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      ++files;
      auto v = violations(layer, std::filesystem::relative(entry.path(), src).string(),
                          read(entry.path()));
      found.insert(found.end(), v.begin(), v.end());
    }
  }
  EXPECT_GT(files, 100) << "the walk found too few sources: is TSUNAGU_SOURCE_DIR right?";
  std::string all;
  for (const auto& v : found) all += "\n  " + v;
  EXPECT_TRUE(found.empty()) << "includes against the layer direction:" << all;
}

TEST(Layers, TheCheckRefusesSiblingsAndUpwardIncludes) {
  EXPECT_EQ(violations("web", "web/x.cpp", "#include \"api/api.hpp\"\n").size(), 1u);
  EXPECT_EQ(violations("api", "api/x.cpp", "#include \"web/render.hpp\"\n").size(), 1u);
  EXPECT_EQ(violations("core", "core/x.cpp", "  #include \"store/db.hpp\"\n").size(), 1u);
  EXPECT_EQ(violations("service", "service/x.cpp", "#include \"route/context.hpp\"\n").size(), 1u);
  EXPECT_EQ(violations("http", "http/x.cpp", "#include \"core/result.hpp\"\n").size(), 1u);
  EXPECT_EQ(violations("store", "store/x.cpp", "#include \"io/delimited.hpp\"\n").size(), 1u);
  // Downward, to itself, and to headers that are not layers: allowed.
  EXPECT_TRUE(violations("cli", "cli/x.cpp",
                         "#include \"app/application.hpp\"\n#include \"core/result.hpp\"\n"
                         "#include \"cli/common.hpp\"\n#include <CLI/CLI.hpp>\n")
                  .empty());
  EXPECT_TRUE(violations("web", "web/x.cpp", "#include \"route/decode.hpp\"\n").empty());
  EXPECT_TRUE(violations("route", "route/x.cpp", "#include \"store/db.hpp\"\n").empty());
}

}  // namespace
}  // namespace tsunagu::testing
