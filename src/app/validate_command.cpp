// hitl validate: reports whether a dataset or raw export is usable, and what is wrong with it.
#include <cstdio>

#include "app/commands.hpp"

namespace hitl::app {

int run_validate(const Args&) {
  std::fputs("hitl validate: not implemented yet\n", stderr);
  return 1;
}

}  // namespace hitl::app
