// hitl import: raw exports (MTurk batch CSV, Qualtrics CSV, frames folder) to dataset.json.
#include <cstdio>

#include "app/commands.hpp"

namespace hitl::app {

int run_import(const Args&) {
  std::fputs("hitl import: not implemented yet\n", stderr);
  return 1;
}

}  // namespace hitl::app
