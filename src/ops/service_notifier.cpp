// The service manager's notification protocol over a unix datagram socket; see
// service_notifier.hpp. The wire format is systemd's: newline-separated KEY=value assignments in
// one datagram, to an absolute socket path or, for '@', to the abstract namespace.
#include "hitl/ops/service_notifier.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "hitl/base/text.hpp"

namespace hitl {

namespace {

Diagnostic environment_error(std::string variable, std::string_view value,
                             const std::string& expected) {
  return error_at("", 0, 0, std::move(variable), quoted(value) + ": expected " + expected);
}

const char* environment_value(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// The bytes of sun_path that name the socket, as sendto() takes them: a path with its terminating
// zero, or for '@' a zero byte and the abstract name, not terminated.
Result<std::string> socket_name_bytes(std::string_view address) {
  constexpr std::size_t capacity = sizeof sockaddr_un{}.sun_path;
  if (address.empty() || (address.front() != '/' && address.front() != '@')) {
    return environment_error("NOTIFY_SOCKET", address,
                             "an absolute path, or '@' and an abstract socket name");
  }
  std::string bytes(address);
  if (bytes.front() == '@') {
    bytes.front() = '\0';
  } else {
    bytes.push_back('\0');
  }
  // One byte short of what an abstract name could use, so that one limit holds for both kinds.
  if (address.size() < 2 || address.size() >= capacity) {
    return environment_error("NOTIFY_SOCKET", address,
                             "a socket address of 2 to " + std::to_string(capacity - 1) + " bytes");
  }
  return bytes;
}

}  // namespace

Result<ServiceNotifier> ServiceNotifier::from_environment() {
  const std::string socket_address = environment_value("NOTIFY_SOCKET");
  const std::string_view timeout_text = environment_value("WATCHDOG_USEC");
  const std::string_view pid_text = environment_value("WATCHDOG_PID");

  std::optional<std::chrono::microseconds> watchdog_timeout;
  if (!timeout_text.empty()) {
    const std::optional<long long> microseconds = parse_int(timeout_text);
    if (!microseconds || *microseconds <= 0) {
      return environment_error("WATCHDOG_USEC", timeout_text,
                               "a positive whole number of microseconds");
    }
    watchdog_timeout = std::chrono::microseconds(*microseconds);
  }
  if (!pid_text.empty()) {
    const std::optional<long long> pid = parse_int(pid_text);
    if (!pid || *pid <= 0) {
      return environment_error("WATCHDOG_PID", pid_text, "a process id");
    }
    // The variables were inherited from a parent that the watchdog is for, not this process.
    if (*pid != getpid()) watchdog_timeout.reset();
  }
  return create(socket_address, watchdog_timeout);
}

Result<ServiceNotifier> ServiceNotifier::create(
    std::string socket_address, std::optional<std::chrono::microseconds> watchdog_timeout) {
  if (socket_address.empty()) return ServiceNotifier(-1, "", "", std::nullopt);
  Result<std::string> name_bytes = socket_name_bytes(socket_address);
  if (!name_bytes) return name_bytes.error();
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return error_at("", 0, 0, "NOTIFY_SOCKET",
                    std::string("cannot create a unix datagram socket: ") + std::strerror(errno));
  }
  return ServiceNotifier(fd, std::move(socket_address), std::move(*name_bytes), watchdog_timeout);
}

ServiceNotifier::ServiceNotifier(int socket_fd, std::string socket_address,
                                 std::string socket_name_bytes,
                                 std::optional<std::chrono::microseconds> watchdog_timeout)
    : socket_fd_(socket_fd),
      socket_address_(std::move(socket_address)),
      socket_name_bytes_(std::move(socket_name_bytes)),
      watchdog_timeout_(socket_fd >= 0 ? watchdog_timeout : std::nullopt) {}

ServiceNotifier::ServiceNotifier(ServiceNotifier&& other) noexcept
    : socket_fd_(std::exchange(other.socket_fd_, -1)),
      socket_address_(std::move(other.socket_address_)),
      socket_name_bytes_(std::move(other.socket_name_bytes_)),
      watchdog_timeout_(std::exchange(other.watchdog_timeout_, std::nullopt)),
      last_watchdog_ping_(std::exchange(other.last_watchdog_ping_, std::nullopt)) {}

ServiceNotifier& ServiceNotifier::operator=(ServiceNotifier&& other) noexcept {
  if (this != &other) {
    if (socket_fd_ >= 0) close(socket_fd_);
    socket_fd_ = std::exchange(other.socket_fd_, -1);
    socket_address_ = std::move(other.socket_address_);
    socket_name_bytes_ = std::move(other.socket_name_bytes_);
    watchdog_timeout_ = std::exchange(other.watchdog_timeout_, std::nullopt);
    last_watchdog_ping_ = std::exchange(other.last_watchdog_ping_, std::nullopt);
  }
  return *this;
}

ServiceNotifier::~ServiceNotifier() {
  if (socket_fd_ >= 0) close(socket_fd_);
}

std::optional<ServiceNotifier::Clock::duration> ServiceNotifier::watchdog_ping_interval() const {
  if (!watchdog_timeout_) return std::nullopt;
  return std::chrono::duration_cast<Clock::duration>(*watchdog_timeout_) / 2;
}

Status ServiceNotifier::notify_ready() {
  return send("READY=1");
}

Status ServiceNotifier::notify_status(std::string_view text) {
  // A line break would start a new assignment in the message.
  std::string message = "STATUS=";
  for (const char c : text) message += (c == '\n' || c == '\r') ? ' ' : c;
  return send(message);
}

Status ServiceNotifier::notify_stopping() {
  return send("STOPPING=1");
}

Status ServiceNotifier::notify_watchdog() {
  return send("WATCHDOG=1");
}

Status ServiceNotifier::notify_watchdog_if_due(Clock::time_point now) {
  const std::optional<Clock::duration> interval = watchdog_ping_interval();
  if (!interval) return Done{};
  if (last_watchdog_ping_ && now - *last_watchdog_ping_ < *interval) return Done{};
  last_watchdog_ping_ = now;
  return notify_watchdog();
}

Status ServiceNotifier::send(std::string_view message) {
  if (!enabled()) return Done{};
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, socket_name_bytes_.data(), socket_name_bytes_.size());
  const auto address_length =
      static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_name_bytes_.size());
  // MSG_DONTWAIT: a service manager too busy to read its queue must not stall the render loop.
  const ssize_t sent =
      sendto(socket_fd_, message.data(), message.size(), MSG_NOSIGNAL | MSG_DONTWAIT,
             reinterpret_cast<const sockaddr*>(&address), address_length);
  if (sent < 0) {
    return error_at("", 0, 0, "NOTIFY_SOCKET",
                    "sending " + quoted(message) + " to the service manager at " + socket_address_ +
                        ": " + std::strerror(errno));
  }
  return Done{};
}

}  // namespace hitl
