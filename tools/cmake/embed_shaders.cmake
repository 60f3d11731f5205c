# Turns the GLSL files in INPUTS into OUTPUT, a C++ file defining hitl::shader_source(name).
# Run as: cmake -DOUTPUT=... -DINPUTS="a.vert|b.frag" -P embed_shaders.cmake
string(REPLACE "|" ";" INPUTS "${INPUTS}")
set(body "")
foreach(input ${INPUTS})
  get_filename_component(name ${input} NAME)
  file(READ ${input} text)
  # A raw string literal keeps the source readable in the generated file; the delimiter is one
  # that GLSL never contains.
  string(APPEND body "    {\"${name}\", R\"hitl_glsl(${text})hitl_glsl\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp
"// Generated from shaders/ by tools/cmake/embed_shaders.cmake. Do not edit.
#include <map>
#include <string>
#include <string_view>

namespace hitl {

// The source of the shader file shaders/NAME, or an empty view when there is none.
std::string_view shader_source(std::string_view name) {
  static const std::map<std::string, std::string_view, std::less<>> sources = {
${body}  };
  const auto it = sources.find(name);
  return it == sources.end() ? std::string_view{} : it->second;
}

}  // namespace hitl
")
# Only touch the output when it changed, so that an unchanged shader set rebuilds nothing.
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUTPUT}.tmp ${OUTPUT})
file(REMOVE ${OUTPUT}.tmp)
