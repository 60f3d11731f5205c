// Tells the service manager how the process is doing, speaking systemd's notification protocol
// (what sd_notify(3) sends) without linking libsystemd: one datagram per message to the unix
// socket named by $NOTIFY_SOCKET, "READY=1", "WATCHDOG=1", "STATUS=...", "STOPPING=1".
//
// Not under a service manager ($NOTIFY_SOCKET unset), every call does nothing and succeeds, so
// the kiosk calls it unconditionally. The watchdog pings must come from the loop whose health
// they vouch for (the render loop), never from a thread of their own: a hung loop then stops the
// pings and the service manager restarts the process.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "hitl/base/result.hpp"

namespace hitl {

class ServiceNotifier {
 public:
  using Clock = std::chrono::steady_clock;

  // Reads $NOTIFY_SOCKET (an absolute path, or '@' then an abstract-namespace name),
  // $WATCHDOG_USEC (the watchdog timeout in microseconds) and $WATCHDOG_PID (when set, the
  // watchdog is for that process only, as in sd_watchdog_enabled(3)). An error names the
  // variable, its value and what was expected.
  static Result<ServiceNotifier> from_environment();

  // A notifier for a given socket address ('/' or '@' first; empty: not under a service manager)
  // and watchdog timeout; from_environment() comes down to this.
  static Result<ServiceNotifier> create(std::string socket_address,
                                        std::optional<std::chrono::microseconds> watchdog_timeout);

  ServiceNotifier(ServiceNotifier&& other) noexcept;
  ServiceNotifier& operator=(ServiceNotifier&& other) noexcept;
  ServiceNotifier(const ServiceNotifier&) = delete;
  ServiceNotifier& operator=(const ServiceNotifier&) = delete;
  ~ServiceNotifier();

  // Whether there is a service manager to tell.
  bool enabled() const { return socket_fd_ >= 0; }

  // The service manager's watchdog timeout, when it asked for pings; pings are due every half
  // of it, as sd_watchdog_enabled(3) advises, so that one late ping is not fatal.
  std::optional<std::chrono::microseconds> watchdog_timeout() const { return watchdog_timeout_; }
  std::optional<Clock::duration> watchdog_ping_interval() const;

  Status notify_ready();                        // "READY=1": started, showing the first frame
  Status notify_status(std::string_view text);  // "STATUS=text", shown by systemctl status
  Status notify_stopping();                     // "STOPPING=1": shutting down on purpose
  Status notify_watchdog();                     // "WATCHDOG=1": alive

  // Sends "WATCHDOG=1" when the watchdog is on and half its timeout has passed since the last
  // ping (the first call always pings); otherwise does nothing. Call it once per frame.
  Status notify_watchdog_if_due(Clock::time_point now);

  // Sends one message as it is ("KEY=value" lines joined by '\n'), for keys without a shorthand.
  Status send(std::string_view message);

 private:
  ServiceNotifier(int socket_fd, std::string socket_address, std::string socket_name_bytes,
                  std::optional<std::chrono::microseconds> watchdog_timeout);

  int socket_fd_ = -1;             // an unbound datagram socket; -1 when disabled
  std::string socket_address_;     // as given ('@' for the abstract namespace), for messages
  std::string socket_name_bytes_;  // sun_path as sendto() takes it
  std::optional<std::chrono::microseconds> watchdog_timeout_;
  std::optional<Clock::time_point> last_watchdog_ping_;
};

}  // namespace hitl
