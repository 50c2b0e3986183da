#pragma once
// Child processes for black-box tests: spawn a program with its own argv, extra environment
// and stdin text; its stdout and stderr are captured in the background so the child never
// blocks on a full pipe. The destructor kills (SIGKILL) and reaps a child that still runs,
// so a failing test never leaves servers behind.

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace keyward::test {

struct ProcessOptions {
  std::vector<std::string> argv;  // argv[0] is the program: a path, or a name looked up in PATH
  // Added to (or replacing entries of) the inherited environment.
  std::map<std::string, std::string> env;
  std::string stdin_text;             // written to the child's stdin, which is then closed
  std::filesystem::path working_dir;  // empty: inherit the current directory
};

class Process {
 public:
  // Starts the child; throws std::runtime_error when it cannot be spawned.
  explicit Process(ProcessOptions options);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  // Sends SIGTERM (graceful shutdown) or SIGKILL; no effect once the child has been reaped.
  void terminate();
  void kill();
  // Waits for the child to exit. Returns its exit code, or 128 + signal number when a signal
  // ended it; std::nullopt when the timeout passed first (the child keeps running).
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  // Waits until `needle` appears in stdout or stderr; false on timeout or when the child
  // exited without printing it.
  bool wait_for_output(std::string_view needle, std::chrono::milliseconds timeout);
  // Everything captured so far (all of it once wait() returned an exit code).
  std::string stdout_text() const;
  std::string stderr_text() const;

 private:
  void pump(int fd, std::string& sink);
  bool try_reap();

  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  mutable std::mutex mutex_;
  std::condition_variable output_changed_;
  std::string stdout_;
  std::string stderr_;
  int open_streams_ = 2;
  std::atomic<bool> stopping_ = false;
  std::thread stdout_reader_;
  std::thread stderr_reader_;
  std::thread stdin_writer_;
};

struct RunResult {
  int exit_code = -1;  // as Process::wait; -1 when the timeout passed and the child was killed
  std::string out;
  std::string err;
};

// Runs a program to completion (killing it after `timeout`) and returns what it printed.
RunResult run(ProcessOptions options, std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace keyward::test
