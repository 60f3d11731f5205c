// The logger: line format, minimum level, one line per message, and the capture hook.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "hitl/base/log.hpp"
#include "support/captured_log.hpp"

using hitl::test::CapturedLog;

namespace {

// Whether `text` has the shape of `pattern`, where '#' stands for any digit and every other
// character for itself. (std::regex trips GCC 12's warnings under the sanitizers.)
bool has_shape(std::string_view text, std::string_view pattern) {
  if (text.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (pattern[i] == '#' ? !digit : text[i] != pattern[i]) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("A log line starts with an ISO-8601 UTC timestamp and the level", "[log]") {
  CapturedLog log;
  hitl::log_warn("texture %s is %dx%d", "atlas", 4096, 2048);
  REQUIRE(log.lines().size() == 1);
  CHECK(has_shape(log.lines()[0], "####-##-##T##:##:##.###Z warn  texture atlas is 4096x2048"));
}

TEST_CASE("Messages below the minimum level are dropped", "[log]") {
  CapturedLog log(hitl::LogLevel::warn);
  hitl::log_debug("not shown");
  hitl::log_info("not shown either");
  hitl::log_error("shown");
  REQUIRE(log.lines().size() == 1);
  CHECK_THAT(log.lines()[0], Catch::EndsWith("error shown"));
}

TEST_CASE("A message with line breaks stays one line", "[log]") {
  CapturedLog log;
  hitl::log(hitl::LogLevel::info, "0:3(1): error: one\r\n0:4(1): error: two\n");
  REQUIRE(log.lines().size() == 1);
  CHECK_THAT(log.lines()[0], Catch::EndsWith("info  0:3(1): error: one | 0:4(1): error: two"));
}

TEST_CASE("Lines logged from many threads arrive whole", "[log]") {
  CapturedLog log;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 100; ++i) hitl::log_info("thread %d message %d", t, i);
    });
  }
  for (std::thread& thread : threads) thread.join();
  REQUIRE(log.lines().size() == 400);
  // Each line is one whole message: the timestamp, the level, and "thread T message M".
  for (const std::string& line : log.lines()) {
    const std::string_view message = std::string_view(line).substr(24);
    CHECK((has_shape(message, " info  thread # message #") ||
           has_shape(message, " info  thread # message ##")));
  }
}
