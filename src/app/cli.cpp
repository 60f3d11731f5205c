// Command-line parsing for the hitl commands.
#include "app/cli.hpp"

#include <cstdio>

namespace hitl::app {

bool ParsedArgs::has(std::string_view long_name) const {
  return values.find(std::string(long_name)) != values.end();
}

std::optional<std::string> ParsedArgs::value(std::string_view long_name) const {
  const auto it = values.find(std::string(long_name));
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> ParsedArgs::all(std::string_view long_name) const {
  const auto it = values.find(std::string(long_name));
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

int usage_error(std::string_view command, std::string_view message) {
  std::fprintf(stderr, "hitl %.*s: %.*s\nRun 'hitl %.*s --help' for usage.\n",
               static_cast<int>(command.size()), command.data(), static_cast<int>(message.size()),
               message.data(), static_cast<int>(command.size()), command.data());
  return 2;
}

std::optional<ParsedArgs> parse_args(std::string_view command, const std::vector<std::string>& args,
                                     const std::vector<OptionSpec>& specs,
                                     std::size_t max_positionals) {
  ParsedArgs parsed;
  bool only_positionals = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_positionals || arg.size() < 2 || arg[0] != '-') {
      if (parsed.positionals.size() >= max_positionals) {
        usage_error(command, "unexpected argument '" + arg + "'");
        return std::nullopt;
      }
      parsed.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positionals = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      parsed.help = true;
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    const OptionSpec* spec = nullptr;
    for (const auto& s : specs) {
      if (s.long_name == name || (!s.short_name.empty() && s.short_name == name)) spec = &s;
    }
    if (!spec) {
      usage_error(command, "unknown option '" + name + "'");
      return std::nullopt;
    }
    if (parsed.has(spec->long_name) && !spec->repeatable) {
      usage_error(command, "option '" + spec->long_name + "' given twice");
      return std::nullopt;
    }
    std::string value;
    if (spec->takes_value) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        usage_error(command, "option '" + spec->long_name + "' needs a value");
        return std::nullopt;
      }
    } else if (inline_value) {
      usage_error(command, "option '" + spec->long_name + "' takes no value");
      return std::nullopt;
    }
    parsed.values[spec->long_name].push_back(value);
  }
  return parsed;
}

}  // namespace hitl::app
