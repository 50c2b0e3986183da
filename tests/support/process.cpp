#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace keyward::test {
namespace {

void ignore_sigpipe_once() {
  // A child that exits before reading all of its stdin must not kill the test binary.
  static std::once_flag once;
  std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const auto equals = text.find('=');
    if (equals != std::string::npos) merged[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& [key, value] : extra) merged[key] = value;
  std::vector<std::string> result;
  for (const auto& [key, value] : merged) result.push_back(key + "=" + value);
  return result;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (auto& text : strings) result.push_back(text.data());
  result.push_back(nullptr);
  return result;
}

void make_pipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
  }
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

Process::Process(ProcessOptions options) {
  if (options.argv.empty()) throw std::runtime_error("Process: empty argv");
  ignore_sigpipe_once();
  int in[2], out[2], err[2];
  make_pipe(in);
  make_pipe(out);
  make_pipe(err);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  if (!options.working_dir.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, options.working_dir.c_str());
  }
  std::vector<std::string> argv_strings = options.argv;
  std::vector<std::string> env_strings = merged_environment(options.env);
  std::vector<char*> argv = c_strings(argv_strings);
  std::vector<char*> envp = c_strings(env_strings);
  const int rc = ::posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  if (rc != 0) {
    ::close(in[1]);
    ::close(out[0]);
    ::close(err[0]);
    throw std::runtime_error("spawn " + options.argv[0] + ": " + std::strerror(rc));
  }
  stdout_reader_ = std::thread([this, fd = out[0]] { pump(fd, stdout_); });
  stderr_reader_ = std::thread([this, fd = err[0]] { pump(fd, stderr_); });
  stdin_writer_ = std::thread([fd = in[1], text = std::move(options.stdin_text)] {
    std::size_t written = 0;
    while (written < text.size()) {
      const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      written += static_cast<std::size_t>(n);
    }
    ::close(fd);
  });
}

Process::~Process() {
  if (!try_reap()) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  stopping_ = true;
  stdin_writer_.join();
  stdout_reader_.join();
  stderr_reader_.join();
}

void Process::pump(int fd, std::string& sink) {
  char buffer[4096];
  for (;;) {
    // Polling with a timeout lets the destructor stop a reader whose pipe a grandchild
    // (a daemon the child started) keeps open.
    pollfd entry{fd, POLLIN, 0};
    const int ready = ::poll(&entry, 1, 50);
    if (ready == 0) {
      if (stopping_) break;
      continue;
    }
    if (ready < 0 && errno == EINTR) continue;
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    std::lock_guard lock(mutex_);
    sink.append(buffer, static_cast<std::size_t>(n));
    output_changed_.notify_all();
  }
  ::close(fd);
  std::lock_guard lock(mutex_);
  --open_streams_;
  output_changed_.notify_all();
}

bool Process::try_reap() {
  std::lock_guard lock(mutex_);
  if (exit_code_) return true;
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    exit_code_ = decode_status(status);
    return true;
  }
  return false;
}

void Process::terminate() {
  if (!try_reap()) ::kill(pid_, SIGTERM);
}

void Process::kill() {
  if (!try_reap()) ::kill(pid_, SIGKILL);
}

bool Process::running() { return !try_reap(); }

std::optional<int> Process::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!try_reap()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Let the readers drain what the child wrote just before it exited.
  std::unique_lock lock(mutex_);
  output_changed_.wait_until(lock, std::chrono::steady_clock::now() + std::chrono::seconds(1),
                             [this] { return open_streams_ == 0; });
  return exit_code_;
}

bool Process::wait_for_output(std::string_view needle, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  return output_changed_.wait_until(lock, deadline, [&] {
    return stdout_.find(needle) != std::string::npos || stderr_.find(needle) != std::string::npos ||
           open_streams_ == 0;
  }) && (stdout_.find(needle) != std::string::npos || stderr_.find(needle) != std::string::npos);
}

std::string Process::stdout_text() const {
  std::lock_guard lock(mutex_);
  return stdout_;
}

std::string Process::stderr_text() const {
  std::lock_guard lock(mutex_);
  return stderr_;
}

RunResult run(ProcessOptions options, std::chrono::milliseconds timeout) {
  Process process(std::move(options));
  RunResult result;
  if (auto code = process.wait(timeout)) {
    result.exit_code = *code;
  } else {
    process.kill();
    process.wait(std::chrono::seconds(10));
  }
  result.out = process.stdout_text();
  result.err = process.stderr_text();
  return result;
}

}  // namespace keyward::test
