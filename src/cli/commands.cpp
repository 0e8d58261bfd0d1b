#include "cli/commands.hpp"

#include <cstdio>

#include "cli/command_support.hpp"

#ifndef XINQIAO_VERSION
#define XINQIAO_VERSION "dev"
#endif

namespace xinqiao::cli {
namespace {

constexpr const char* kUsage =
    "usage: xinqiao <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve     migrate the database and serve HTTP until SIGTERM/SIGINT\n"
    "  migrate   apply database migrations and exit\n"
    "  demo      fill an empty database with a synthetic region\n"
    "            [--seed N] [--students N] [--if-empty]\n"
    "  admin create-user --login L --name NAME     (password read from standard input)\n"
    "  admin reset-password --login L              (password read from standard input)\n"
    "  admin grant --login L --role ROLE --unit ID\n"
    "  admin enroll-totp --login L                 (prints the TOTP secret and recovery codes)\n"
    "  admin issue-activation --login L            (prints a one-time code with which the person sets\n"
    "                                               their own password: lost codes, forgotten passwords)\n"
    "  admin revoke --login L --role ROLE --unit ID\n"
    "  admin rotate-key [--algorithm aes-256-gcm|sm4-ctr-hmac-sm3] [--batch-size N]\n"
    "            add a new active key and re-encrypt every sealed value in batches (safe while serving)\n"
    "  import students FILE --school ID [--dry-run]\n"
    "            load a roster (.xlsx, or CSV in UTF-8 or GBK; Chinese headers); reports problems by line\n"
    "  import staff FILE --unit ID [--dry-run]\n"
    "            load a staff list (姓名, 工号, 角色, 所属单位, 手机号) into a unit's subtree; prints each\n"
    "            new account's activation code once\n"
    "  score INSTRUMENT ANSWER...\n"
    "            score one response offline and print JSON (total, subscales, band, critical items);\n"
    "            one answer per item in order, - for an item not answered [--instruments DIR]\n"
    "  audit verify\n"
    "            check the audit trail's hash chain; names the first bad entry\n"
    "  keygen    create the encryption key file [--algorithm aes-256-gcm|sm4-ctr-hmac-sm3] [--if-missing]\n"
    "  version   print the version\n"
    "\n"
    "settings (flag, or XINQIAO_<KEY> in the environment, or key = value in --config FILE):\n";

void PrintUsage(std::FILE* out) {
    std::fputs(kUsage, out);
    for (const auto& s : Settings()) {
        std::string flag = std::string("--") + s.key;
        for (char& c : flag) {
            if (c == '_') c = '-';
        }
        std::fprintf(out, "  %-22s %s\n", flag.c_str(), s.help);
    }
}

}  // namespace

int Main(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        PrintUsage(args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    const std::string& command = args[0];
    if (command == "version" || command == "--version") {
        std::printf("xinqiao %s\n", XINQIAO_VERSION);
        return 0;
    }
    if (command == "admin") {
        if (args.size() < 2) {
            std::fprintf(stderr, "xinqiao: admin needs a subcommand (try xinqiao help)\n");
            return 2;
        }
        auto parsed = LoadConfig(std::vector<std::string>(args.begin() + 2, args.end()), env);
        if (!parsed) return Fail(parsed.error(), 2);
        return Admin(args[1], *parsed);
    }
    if (command == "import") {
        if (args.size() < 3 || (args[1] != "students" && args[1] != "staff")) {
            std::fprintf(stderr,
                         "xinqiao: usage: xinqiao import students FILE --school ID [--dry-run] | "
                         "import staff FILE --unit ID [--dry-run]\n");
            return 2;
        }
        auto parsed = LoadConfig(std::vector<std::string>(args.begin() + 3, args.end()), env);
        if (!parsed) return Fail(parsed.error(), 2);
        return Import(args[1], args[2], *parsed);
    }
    if (command == "score") {
        // The answers are positional; options (--instruments DIR) follow them.
        std::vector<std::string> words, options;
        for (std::size_t i = 1; i < args.size(); ++i) {
            if (args[i].rfind("--", 0) == 0) {
                options.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
                break;
            }
            words.push_back(args[i]);
        }
        auto parsed = LoadConfig(options, env);
        if (!parsed) return Fail(parsed.error(), 2);
        return ScoreCommand(words, *parsed);
    }
    if (command == "audit") {
        if (args.size() < 2 || args[1] != "verify") {
            std::fprintf(stderr, "xinqiao: audit needs a subcommand: audit verify\n");
            return 2;
        }
        auto parsed = LoadConfig(std::vector<std::string>(args.begin() + 2, args.end()), env);
        if (!parsed) return Fail(parsed.error(), 2);
        return AuditVerify(*parsed);
    }
    if (command != "serve" && command != "migrate" && command != "demo" && command != "keygen") {
        std::fprintf(stderr, "xinqiao: unknown command %s (try xinqiao help)\n", command.c_str());
        return 2;
    }
    auto parsed = LoadConfig(std::vector<std::string>(args.begin() + 1, args.end()), env);
    if (!parsed) return Fail(parsed.error(), 2);
    if (command == "serve") return Serve(*parsed);
    if (command == "migrate") return Migrate(*parsed);
    if (command == "keygen") return Keygen(*parsed);
    return Demo(*parsed);
}

}  // namespace xinqiao::cli
