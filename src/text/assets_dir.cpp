// The search for hitl's assets folder.
#include "hitl/text/assets_dir.hpp"

#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

namespace hitl {

Result<std::filesystem::path> find_assets_dir_from(const char* environment_value,
                                                   const std::filesystem::path& executable_dir) {
  struct Candidate {
    std::string label;  // how the place is named in the error message
    std::filesystem::path path;
  };
  std::vector<Candidate> candidates;
  if (environment_value != nullptr && *environment_value != '\0') {
    candidates.push_back({std::string("$HITL_ASSETS_DIR (") + environment_value + ")",
                          std::filesystem::path(environment_value)});
  } else {
    candidates.push_back({"$HITL_ASSETS_DIR (not set)", {}});
  }
  if (!executable_dir.empty()) {
    for (const auto* relative : {"assets", "../assets", "../share/hitl/assets"}) {
      const auto path = (executable_dir / relative).lexically_normal();
      candidates.push_back({path.string(), path});
    }
  } else {
    candidates.push_back({"the executable's folder (unknown: /proc/self/exe is unreadable)", {}});
  }

  std::string looked_in;
  for (const auto& candidate : candidates) {
    std::error_code ec;
    if (!candidate.path.empty() &&
        std::filesystem::is_regular_file(candidate.path / assets_marker_file, ec)) {
      return candidate.path;
    }
    if (!looked_in.empty()) looked_in += ", ";
    looked_in += candidate.label;
  }
  return error_at("", 0, 0, "",
                  std::string("cannot find hitl's assets folder (one that holds ") +
                      assets_marker_file + "); looked in " + looked_in +
                      "; expected one of these, or $HITL_ASSETS_DIR set to the folder holding "
                      "fonts/");
}

Result<std::filesystem::path> find_assets_dir() {
  std::error_code ec;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", ec);
  return find_assets_dir_from(std::getenv("HITL_ASSETS_DIR"),
                              ec ? std::filesystem::path() : executable.parent_path());
}

}  // namespace hitl
