// Xvfb: spawned with posix_spawnp (safe in a process that already runs driver threads), its
// -displayfd pipe read with a deadline.
#include "support/xvfb.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace hitl::test {

namespace {

constexpr int kDisplayFdInChild = 9;

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Waits up to `timeout` for the child to exit; true when it did (and was reaped).
bool reaped_within(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno == ECHILD)) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void stop(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  if (!reaped_within(pid, std::chrono::seconds(5))) {
    kill(pid, SIGKILL);
    reaped_within(pid, std::chrono::seconds(5));
  }
}

}  // namespace

Xvfb::Xvfb(const std::vector<std::string>& screens) {
  char log_template[] = "/tmp/hitl-xvfb-XXXXXX";
  const int log_fd = mkstemp(log_template);
  if (log_fd < 0) throw std::runtime_error("cannot create a log file for Xvfb in /tmp");
  log_path_ = log_template;

  int ready_pipe[2];
  if (pipe2(ready_pipe, O_CLOEXEC) != 0) {
    close(log_fd);
    throw std::runtime_error(std::string("cannot create a pipe for Xvfb: ") + std::strerror(errno));
  }

  // The child gets the pipe's write end as fd 9 (dup2 clears close-on-exec), its stderr in the
  // log file and stdout on /dev/null.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, ready_pipe[1], kDisplayFdInChild);
  posix_spawn_file_actions_adddup2(&actions, log_fd, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  const std::string fd_text = std::to_string(kDisplayFdInChild);
  // -noreset: keep the server as it is between the clients that tests open and close.
  std::vector<std::string> words = {"Xvfb", "-displayfd", fd_text};
  for (std::size_t i = 0; i < screens.size(); ++i) {
    words.insert(words.end(), {"-screen", std::to_string(i), screens[i]});
  }
  words.insert(words.end(), {"-nolisten", "tcp", "-noreset"});
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  const int spawned = posix_spawnp(&pid_, "Xvfb", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(ready_pipe[1]);
  close(log_fd);
  if (spawned != 0) {
    close(ready_pipe[0]);
    pid_ = -1;
    throw std::runtime_error(std::string("cannot start Xvfb: ") + std::strerror(spawned) +
                             "; expected the Xvfb program on PATH (Debian package xvfb)");
  }

  // Xvfb writes the display number and a line break once it accepts connections.
  std::string number;
  std::string failure;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (failure.empty()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      failure = "Xvfb did not report a display within 10 seconds";
      break;
    }
    pollfd ready{ready_pipe[0], POLLIN, 0};
    const int polled = poll(&ready, 1, static_cast<int>(left.count()));
    if (polled < 0 && errno == EINTR) continue;
    if (polled <= 0) continue;
    char buffer[32];
    const ssize_t got = read(ready_pipe[0], buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      failure = "Xvfb exited before reporting a display";
      break;
    }
    number.append(buffer, static_cast<std::size_t>(got));
    if (number.find('\n') != std::string::npos) break;
  }
  close(ready_pipe[0]);
  if (!failure.empty()) {
    stop(pid_);
    pid_ = -1;
    const std::string messages = read_text(log_path_);
    unlink(log_path_.c_str());
    throw std::runtime_error(failure + "; its messages:\n" + messages);
  }
  number.erase(number.find('\n'));
  display_ = ":" + number;

  if (const char* previous = std::getenv("DISPLAY")) previous_display_ = previous;
  setenv("DISPLAY", display_.c_str(), 1);
}

Xvfb::~Xvfb() {
  stop(pid_);
  if (previous_display_) {
    setenv("DISPLAY", previous_display_->c_str(), 1);
  } else {
    unsetenv("DISPLAY");
  }
  unlink(log_path_.c_str());
}

std::unique_ptr<Xvfb> start_xvfb(const std::vector<std::string>& screens) {
  try {
    return std::make_unique<Xvfb>(screens);
  } catch (const std::runtime_error& error) {
    FAIL("cannot start a private X server: " << error.what());
  }
  return nullptr;
}

}  // namespace hitl::test
