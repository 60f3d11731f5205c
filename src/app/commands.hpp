// The commands of the hitl executable, one file each. Each returns the process exit code:
// 0 success, 1 the input or the work failed, 2 the command line was wrong.
#pragma once

#include <string>
#include <vector>

namespace hitl::app {

using Args = std::vector<std::string>;

int run_import(const Args& args);
int run_validate(const Args& args);
int run_still(const Args& args);
int run_sample(const Args& args);
int run_export(const Args& args);
int run_kiosk(const Args& args);
int run_play(const Args& args);

}  // namespace hitl::app
