#pragma once
// The `xinqiao` subcommands. Each returns the process exit code: 0 success, 1 a failure at
// run time, 2 a usage error or bad setting.

#include <map>
#include <string>
#include <vector>

namespace xinqiao::cli {

int Main(const std::vector<std::string>& args, const std::map<std::string, std::string>& env);

}  // namespace xinqiao::cli
