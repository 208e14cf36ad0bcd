// `tsunagu serve` in a child process, as an operator or systemd runs it: the test gives the
// arguments, reads the port the server printed, and stops it with SIGTERM by its process id.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace tsunagu::testing {

class ServerProcess {
 public:
  // Starts the tsunagu binary with `args` (without the program name), its standard output and
  // error written to `log`, and waits up to 10 s for the line "http://HOST:PORT/". When the
  // process exits first, or prints no such line in time, port() is 0 and log_text() says why.
  // Throws std::runtime_error when the process cannot be started.
  ServerProcess(const std::vector<std::string>& args, std::filesystem::path log);
  ~ServerProcess();  // stops the process if it still runs
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  std::string log_text() const;

  // Sends SIGTERM (when still running) and waits for the exit. Returns the exit status, or -1
  // when a signal ended the process. Calling it again returns the same status.
  int stop();

 private:
  std::filesystem::path log_;
  pid_t pid_ = 0;
  int status_ = -1;
  bool exited_ = false;
  unsigned short port_ = 0;
};

}  // namespace tsunagu::testing
