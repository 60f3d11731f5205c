// A small command-line parser shared by the commands: options with values ("-o DIR",
// "--out DIR", "--out=DIR"), repeatable options, switches, positionals and --help.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hitl::app {

struct OptionSpec {
  std::string long_name;   // "--mturk"
  std::string short_name;  // "-o", or empty
  bool takes_value = true;
  bool repeatable = false;
};

struct ParsedArgs {
  std::map<std::string, std::vector<std::string>> values;  // by long name; switches hold ""
  std::vector<std::string> positionals;
  bool help = false;

  bool has(std::string_view long_name) const;
  std::optional<std::string> value(std::string_view long_name) const;  // the last one given
  std::vector<std::string> all(std::string_view long_name) const;
};

// Parses args against the specs. On an unknown option, a missing value or a repeated
// non-repeatable option, prints "hitl COMMAND: ..." to stderr and returns nullopt (exit 2).
std::optional<ParsedArgs> parse_args(std::string_view command, const std::vector<std::string>& args,
                                     const std::vector<OptionSpec>& specs,
                                     std::size_t max_positionals);

// Prints the standard line for a usage mistake and returns 2.
int usage_error(std::string_view command, std::string_view message);

}  // namespace hitl::app
