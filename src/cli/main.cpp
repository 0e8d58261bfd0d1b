#include <csignal>
#include <map>
#include <string>
#include <vector>

#include "cli/commands.hpp"

extern char** environ;

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);  // a closed pipe or socket is an error code, not a death
    std::vector<std::string> args(argv + 1, argv + argc);
    std::map<std::string, std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string kv = *e;
        if (!kv.starts_with("XINQIAO_")) continue;
        const auto eq = kv.find('=');
        if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    return xinqiao::cli::Main(args, env);
}
