// `tsunagu serve --config FILE` as a process: the file configures the server, a flag given on
// the command line overrides the file, and a broken file starts nothing.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/app.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_support.hpp"

namespace tsunagu::cli {
namespace {

using tsunagu::testing::ServerProcess;
using tsunagu::testing::TempDir;

class ServeCommand : public ::testing::Test {
 protected:
  // The demo database (its accounts log in), made in this process.
  void make_demo(const std::string& name) {
    std::string db = (dir_ / name).string();
    std::vector<std::string> words = {"tsunagu", "demo", "--db", db};
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    std::istringstream in;
    std::ostringstream out, err;
    ASSERT_EQ(run(static_cast<int>(argv.size()), argv.data(), in, out, err), 0) << err.str();
  }
  std::string config(const std::string& text) {
    auto path = dir_ / "tsunagu.toml";
    tsunagu::testing::write_file(path, text);
    return path.string();
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  TempDir dir_;
};

TEST_F(ServeCommand, TheConfigFileConfiguresTheServer) {
  make_demo("city.db");
  auto file = config("db = \"" + path("city.db") +
                     "\"\nlisten = \"127.0.0.1:0\"\nthreads = 2\nhandler_threads = 2\n");
  ServerProcess server({"serve", "--config", file}, dir_ / "serve.log");
  ASSERT_NE(server.port(), 0) << server.log_text();
  EXPECT_EQ(tsunagu::testing::http_call(server.port(), {"GET", "/healthz", {}, ""}).status, 200);
  EXPECT_EQ(tsunagu::testing::login(server.port(), "auditor", "demo-audit-pass").status, 200)
      << "the server runs on the file's database";
  EXPECT_EQ(server.stop(), 0) << server.log_text();
}

TEST_F(ServeCommand, AFlagGivenOverridesTheFile) {
  make_demo("city.db");
  // Were the file's values used, the server would open another database on a fixed port.
  auto file = config("db = \"" + path("other.db") + "\"\nlisten = \"127.0.0.1:1\"\nthreads = 2\n");
  ServerProcess server(
      {"serve", "--config", file, "--db", path("city.db"), "--listen", "127.0.0.1:0"},
      dir_ / "serve.log");
  ASSERT_NE(server.port(), 0) << server.log_text();
  EXPECT_NE(server.port(), 1);
  EXPECT_EQ(tsunagu::testing::login(server.port(), "auditor", "demo-audit-pass").status, 200);
  EXPECT_EQ(server.stop(), 0);
  EXPECT_FALSE(std::filesystem::exists(path("other.db")));
}

TEST_F(ServeCommand, ABrokenFileStartsNothing) {
  auto file = config("db = \"" + path("city.db") + "\"\nthreads = 0\nlisten = \"127.0.0.1:0\"\n");
  ServerProcess server({"serve", "--config", file}, dir_ / "serve.log");
  EXPECT_EQ(server.port(), 0);
  EXPECT_EQ(server.stop(), kExitRejected);
  auto log = server.log_text();
  EXPECT_NE(log.find("2行目: threads: 1 から 64"), std::string::npos) << log;
  EXPECT_EQ(log.find("起動しました"), std::string::npos) << log;
  EXPECT_FALSE(std::filesystem::exists(path("city.db"))) << "the database was not even opened";
}

TEST_F(ServeCommand, AMissingFileIsNamed) {
  ServerProcess server({"serve", "--config", path("nowhere.toml")}, dir_ / "serve.log");
  EXPECT_EQ(server.stop(), kExitNotFound);
  EXPECT_NE(server.log_text().find("nowhere.toml"), std::string::npos) << server.log_text();
}

}  // namespace
}  // namespace tsunagu::cli
