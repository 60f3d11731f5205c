// The service manager notifications: the exact datagrams systemd would receive, the watchdog's
// interval and pacing, and the quiet no-op outside a service.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#include "hitl/ops/service_notifier.hpp"
#include "support/scoped_environment.hpp"
#include "support/temp_dir.hpp"

using namespace std::chrono_literals;
using hitl::ServiceNotifier;

using hitl::test::ScopedEnvironment;

namespace {

// The service manager's end: a datagram socket bound at an address given as NOTIFY_SOCKET
// spells it (a path, or '@' and an abstract name).
class ReceivingSocket {
 public:
  explicit ReceivingSocket(const std::string& address) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un bound{};
    bound.sun_family = AF_UNIX;
    REQUIRE(address.size() < sizeof bound.sun_path);
    std::memcpy(bound.sun_path, address.data(), address.size());
    socklen_t length = offsetof(sockaddr_un, sun_path) + address.size();
    if (address.front() == '@') {
      bound.sun_path[0] = '\0';
    } else {
      length += 1;
    }
    REQUIRE(bind(fd_, reinterpret_cast<const sockaddr*>(&bound), length) == 0);
  }
  ~ReceivingSocket() { close(fd_); }
  ReceivingSocket(const ReceivingSocket&) = delete;
  ReceivingSocket& operator=(const ReceivingSocket&) = delete;

  // The next datagram, or nullopt when none is waiting (the notifier sends synchronously, so a
  // message sent is already queued).
  std::optional<std::string> next_message() const {
    char buffer[4096];
    const ssize_t length = recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
    if (length < 0) return std::nullopt;
    return std::string(buffer, static_cast<std::size_t>(length));
  }

 private:
  int fd_ = -1;
};

std::string own_pid() {
  return std::to_string(getpid());
}

}  // namespace

TEST_CASE("Outside a service manager the notifier is off and every call succeeds", "[ops]") {
  ScopedEnvironment socket("NOTIFY_SOCKET", nullptr);
  ScopedEnvironment timeout("WATCHDOG_USEC", "30000000");
  ScopedEnvironment pid("WATCHDOG_PID", nullptr);
  auto notifier = ServiceNotifier::from_environment();
  REQUIRE(notifier.ok());
  CHECK_FALSE(notifier->enabled());
  CHECK_FALSE(notifier->watchdog_timeout());
  CHECK(notifier->notify_ready().ok());
  CHECK(notifier->notify_status("playing").ok());
  CHECK(notifier->notify_watchdog_if_due(ServiceNotifier::Clock::now()).ok());
  CHECK(notifier->notify_stopping().ok());
}

TEST_CASE("Each notification arrives at NOTIFY_SOCKET as one datagram of exact bytes", "[ops]") {
  hitl::test::TempDir dir;
  const std::string address = dir / "notify";
  ReceivingSocket manager(address);
  ScopedEnvironment socket("NOTIFY_SOCKET", address.c_str());
  auto notifier = ServiceNotifier::from_environment();
  REQUIRE(notifier.ok());
  REQUIRE(notifier->enabled());

  REQUIRE(notifier->notify_ready().ok());
  CHECK(manager.next_message() == "READY=1");
  REQUIRE(notifier->notify_status("showing dataset.json, 296 frames").ok());
  CHECK(manager.next_message() == "STATUS=showing dataset.json, 296 frames");
  REQUIRE(notifier->notify_watchdog().ok());
  CHECK(manager.next_message() == "WATCHDOG=1");
  REQUIRE(notifier->notify_stopping().ok());
  CHECK(manager.next_message() == "STOPPING=1");
  CHECK_FALSE(manager.next_message());
}

TEST_CASE("A NOTIFY_SOCKET starting with '@' is an abstract-namespace socket", "[ops]") {
  const std::string address = "@hitl-test-notify-" + own_pid();
  ReceivingSocket manager(address);
  ScopedEnvironment socket("NOTIFY_SOCKET", address.c_str());
  auto notifier = ServiceNotifier::from_environment();
  REQUIRE(notifier.ok());
  REQUIRE(notifier->notify_ready().ok());
  CHECK(manager.next_message() == "READY=1");
}

TEST_CASE("A status with line breaks is sent as one STATUS line", "[ops]") {
  hitl::test::TempDir dir;
  const std::string address = dir / "notify";
  ReceivingSocket manager(address);
  auto notifier = ServiceNotifier::create(address, std::nullopt);
  REQUIRE(notifier.ok());
  REQUIRE(notifier->notify_status("scene.json:3:5: expected a number\nkeeping the old scene").ok());
  CHECK(manager.next_message() == "STATUS=scene.json:3:5: expected a number keeping the old scene");
}

TEST_CASE("The watchdog pings every half of WATCHDOG_USEC, the first one at once", "[ops]") {
  hitl::test::TempDir dir;
  const std::string address = dir / "notify";
  ReceivingSocket manager(address);
  ScopedEnvironment socket("NOTIFY_SOCKET", address.c_str());
  ScopedEnvironment timeout("WATCHDOG_USEC", "30000000");
  ScopedEnvironment pid("WATCHDOG_PID", own_pid().c_str());
  auto notifier = ServiceNotifier::from_environment();
  REQUIRE(notifier.ok());
  CHECK(notifier->watchdog_timeout() == 30s);
  CHECK(notifier->watchdog_ping_interval() == 15s);

  const auto start = ServiceNotifier::Clock::now();
  REQUIRE(notifier->notify_watchdog_if_due(start).ok());
  CHECK(manager.next_message() == "WATCHDOG=1");
  REQUIRE(notifier->notify_watchdog_if_due(start + 14900ms).ok());
  CHECK_FALSE(manager.next_message());
  REQUIRE(notifier->notify_watchdog_if_due(start + 15s).ok());
  CHECK(manager.next_message() == "WATCHDOG=1");
  REQUIRE(notifier->notify_watchdog_if_due(start + 20s).ok());
  CHECK_FALSE(manager.next_message());
}

TEST_CASE("A watchdog meant for another process (WATCHDOG_PID) is not pinged", "[ops]") {
  hitl::test::TempDir dir;
  const std::string address = dir / "notify";
  ReceivingSocket manager(address);
  const std::string other_pid = std::to_string(getpid() + 1);
  ScopedEnvironment socket("NOTIFY_SOCKET", address.c_str());
  ScopedEnvironment timeout("WATCHDOG_USEC", "30000000");
  ScopedEnvironment pid("WATCHDOG_PID", other_pid.c_str());
  auto notifier = ServiceNotifier::from_environment();
  REQUIRE(notifier.ok());
  CHECK(notifier->enabled());
  CHECK_FALSE(notifier->watchdog_timeout());
  REQUIRE(notifier->notify_watchdog_if_due(ServiceNotifier::Clock::now()).ok());
  CHECK_FALSE(manager.next_message());
}

TEST_CASE("Malformed notification variables are errors naming the variable and the expectation",
          "[ops]") {
  SECTION("a relative socket path") {
    ScopedEnvironment socket("NOTIFY_SOCKET", "run/notify");
    auto notifier = ServiceNotifier::from_environment();
    REQUIRE_FALSE(notifier.ok());
    CHECK(notifier.error().to_string() ==
          "NOTIFY_SOCKET: \"run/notify\": expected an absolute path, or '@' and an abstract "
          "socket name");
  }
  SECTION("a socket path longer than a unix socket address holds") {
    const std::string long_path = "/" + std::string(120, 'x');
    ScopedEnvironment socket("NOTIFY_SOCKET", long_path.c_str());
    auto notifier = ServiceNotifier::from_environment();
    REQUIRE_FALSE(notifier.ok());
    CHECK_THAT(notifier.error().to_string(),
               Catch::EndsWith("expected a socket address of 2 to 107 bytes"));
  }
  SECTION("a watchdog timeout that is not a number") {
    ScopedEnvironment socket("NOTIFY_SOCKET", "/run/user/1000/systemd/notify");
    ScopedEnvironment timeout("WATCHDOG_USEC", "30s");
    auto notifier = ServiceNotifier::from_environment();
    REQUIRE_FALSE(notifier.ok());
    CHECK(notifier.error().to_string() ==
          "WATCHDOG_USEC: \"30s\": expected a positive whole number of microseconds");
  }
}

TEST_CASE("A notification nobody receives is an error naming the socket", "[ops]") {
  hitl::test::TempDir dir;
  const std::string address = dir / "nobody-listens";
  auto notifier = ServiceNotifier::create(address, std::nullopt);
  REQUIRE(notifier.ok());
  const hitl::Status sent = notifier->notify_ready();
  REQUIRE_FALSE(sent.ok());
  CHECK(sent.error().to_string() ==
        "NOTIFY_SOCKET: sending \"READY=1\" to the service manager at " + address +
            ": No such file or directory");
}
