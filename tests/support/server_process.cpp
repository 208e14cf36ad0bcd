#include "support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace tsunagu::testing {

ServerProcess::ServerProcess(const std::vector<std::string>& args, std::filesystem::path log)
    : log_(std::move(log)) {
  std::vector<std::string> words = {TSUNAGU_BINARY};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  int spawned = posix_spawn(&pid_, TSUNAGU_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + std::string(TSUNAGU_BINARY));

  static const std::regex kUrl(R"(https?://[^/\s]+:(\d+)/)");
  for (int i = 0; i < 200 && port_ == 0; ++i) {
    std::smatch m;
    std::string text = log_text();
    if (std::regex_search(text, m, kUrl)) {
      port_ = static_cast<unsigned short>(std::stoi(m[1]));
      break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

ServerProcess::~ServerProcess() { stop(); }

std::string ServerProcess::log_text() const {
  std::ifstream in(log_, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int ServerProcess::stop() {
  if (exited_) return status_;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  exited_ = true;
  status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return status_;
}

}  // namespace tsunagu::testing
