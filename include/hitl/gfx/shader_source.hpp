// The GLSL files of shaders/, built into hitl so that an installed program needs no source tree.
// The definition is generated at build time by tools/cmake/embed_shaders.cmake.
#pragma once

#include <string_view>

namespace hitl {

// The text of shaders/<file_name> ("blit.frag"), or an empty view when there is no such file.
std::string_view shader_source(std::string_view file_name);

}  // namespace hitl
