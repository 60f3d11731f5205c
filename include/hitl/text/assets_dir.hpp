// Where hitl's assets (fonts, the default scene) are at run time: beside the executable in a
// build folder, under share/hitl in an installation, or wherever $HITL_ASSETS_DIR says.
#pragma once

#include <filesystem>

#include "hitl/base/result.hpp"

namespace hitl {

// What marks a folder as hitl's assets folder: this file inside it.
inline constexpr const char* assets_marker_file = "fonts/Inter-Regular.otf";

// The first of these folders that holds assets_marker_file: $HITL_ASSETS_DIR,
// <executable's folder>/assets, <executable's folder>/../assets,
// <executable's folder>/../share/hitl/assets. The executable is found through /proc/self/exe.
// The error lists every place looked at, in order.
Result<std::filesystem::path> find_assets_dir();

// The same search with its inputs given: `environment_value` is $HITL_ASSETS_DIR (nullptr when
// unset) and `executable_dir` the executable's folder (empty when unknown).
Result<std::filesystem::path> find_assets_dir_from(const char* environment_value,
                                                   const std::filesystem::path& executable_dir);

}  // namespace hitl
