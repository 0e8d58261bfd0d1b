#include "cli/commands.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>

#include "cli/config.hpp"
#include "core/common/text.hpp"
#include "core/demo/region_generator.hpp"
#include "core/ports/clock.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "service/health_service.hpp"
#include "service/org_service.hpp"
#include "store/data_store.hpp"
#include "store/database.hpp"
#include "store/audit_repository.hpp"
#include "store/crypto/digest.hpp"
#include "store/migrations/migrations.hpp"

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
    "  audit verify\n"
    "            check the audit trail's hash chain; names the first bad entry\n"
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

class SystemClock final : public core::ports::Clock {
public:
    std::int64_t NowUnixMillis() override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

int Fail(const core::Error& e, int code = 1) {
    std::fprintf(stderr, "xinqiao: %s\n", e.message.c_str());
    return code;
}

core::Result<std::unique_ptr<store::Database>> OpenAndMigrate(const Config& c) {
    store::DatabaseSettings ds;
    ds.url = c.db;
    ds.pool_size = c.db_pool;
    XINQIAO_ASSIGN_OR_RETURN(auto db, store::OpenDatabase(ds));
    XINQIAO_RETURN_IF_ERROR(store::Migrate(*db));
    return db;
}

core::Date Today() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return core::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

int NoExtraOptions(const Parsed& p) {
    if (p.rest.empty()) return 0;
    std::fprintf(stderr, "xinqiao: unknown option --%s\n", p.rest.front().first.c_str());
    return 2;
}

int Serve(const Parsed& p) {
    if (int rc = NoExtraOptions(p)) return rc;
    const Config& c = p.config;
    std::FILE* log_file = nullptr;
    if (c.access_log == "stdout") {
        log_file = stdout;
    } else if (c.access_log != "off") {
        log_file = std::fopen(c.access_log.c_str(), "a");
        if (!log_file) return Fail(core::Error::InvalidArgument("cannot open access_log file " + c.access_log), 2);
    }
    auto db = OpenAndMigrate(c);
    if (!db) return Fail(db.error());
    store::SqlDataStore data(**db);
    SystemClock clock;
    service::OrgService orgs(data, clock);
    service::HealthService health(data);
    http::AccessLog access_log(log_file);
    http::Api api(orgs, health, access_log);

    http::ServerSettings ss;
    ss.address = c.listen_address;
    ss.port = c.listen_port;
    ss.body_limit_bytes = c.body_limit_bytes;
    ss.header_limit_bytes = c.header_limit_bytes;
    ss.request_timeout_ms = c.request_timeout_ms;
    ss.idle_timeout_ms = c.idle_timeout_ms;
    ss.worker_threads = c.workers;
    ss.shutdown_grace_ms = c.shutdown_grace_ms;
    const std::string driver = (*db)->dialect() == store::Dialect::kSqlite ? "sqlite" : "postgresql";
    const auto status = http::RunServer(ss, api, [&](std::uint16_t port) {
        const bool v6 = c.listen_address.find(':') != std::string::npos;
        std::fprintf(stderr,
                     "{\"level\":\"info\",\"msg\":\"listening\",\"url\":\"http://%s%s%s:%u\",\"port\":%u,"
                     "\"db_driver\":\"%s\",\"version\":\"%s\"}\n",
                     v6 ? "[" : "", c.listen_address.c_str(), v6 ? "]" : "", port, port, driver.c_str(),
                     XINQIAO_VERSION);
        std::fflush(stderr);
    });
    if (!status) return Fail(status.error());
    std::fprintf(stderr, "{\"level\":\"info\",\"msg\":\"stopped\"}\n");
    if (log_file && log_file != stdout) std::fclose(log_file);
    return 0;
}

int Migrate(const Parsed& p) {
    if (int rc = NoExtraOptions(p)) return rc;
    auto db = OpenAndMigrate(p.config);
    if (!db) return Fail(db.error());
    auto version = store::SchemaVersion(**db);
    if (!version) return Fail(version.error());
    std::printf("database %s is at schema version %d\n", store::RedactUrl(p.config.db).c_str(), *version);
    return 0;
}

int AuditVerify(const Parsed& p) {
    if (int rc = NoExtraOptions(p)) return rc;
    auto db = OpenAndMigrate(p.config);
    if (!db) return Fail(db.error());
    auto v = store::VerifyAuditTrail(**db, store::AuditDigest(store::DigestAlgorithm::kSha256));
    if (!v) return Fail(v.error());
    if (v->first_break) {
        std::printf("audit: entry %lld is bad: %s (%lld entries before it are intact)\n",
                    static_cast<long long>(v->first_break->entry_id), v->first_break->reason.c_str(),
                    static_cast<long long>(v->entries_checked));
        return 1;
    }
    std::printf("audit: %lld entries, chain intact\n", static_cast<long long>(v->entries_checked));
    return 0;
}

int Demo(const Parsed& p) {
    core::demo::DemoSettings settings;
    settings.today = Today();
    bool if_empty = false;
    for (const auto& [key, value] : p.rest) {
        if (key == "seed") {
            const auto v = core::ParseInt64(value);
            if (!v || *v < 0) return Fail(core::Error::InvalidArgument("--seed must be a non-negative whole number"), 2);
            settings.seed = static_cast<std::uint64_t>(*v);
        } else if (key == "students") {
            const auto v = core::ParseInt64(value);
            if (!v || *v < 1000 || *v > 10'000'000) {
                return Fail(core::Error::InvalidArgument("--students must be a whole number from 1000 to 10000000"), 2);
            }
            settings.students = *v;
        } else if (key == "if_empty") {
            if_empty = true;
        } else {
            std::fprintf(stderr, "xinqiao: unknown option --%s\n", key.c_str());
            return 2;
        }
    }
    auto db = OpenAndMigrate(p.config);
    if (!db) return Fail(db.error());
    if (if_empty) {
        auto empty = store::IsEmpty(**db);
        if (!empty) return Fail(empty.error());
        if (!*empty) {
            std::printf("demo: the database already holds data; nothing to do\n");
            return 0;
        }
    }
    const auto start = std::chrono::steady_clock::now();
    auto summary = store::LoadDemoRegion(**db, settings);
    if (!summary) return Fail(summary.error());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "demo: seed %llu: %lld org units, %lld schools, %lld classes, %lld students, %lld guardians, %lld staff "
        "in %.1f s\n",
        static_cast<unsigned long long>(settings.seed), static_cast<long long>(summary->org_units),
        static_cast<long long>(summary->schools), static_cast<long long>(summary->classes),
        static_cast<long long>(summary->students), static_cast<long long>(summary->guardians),
        static_cast<long long>(summary->staff), seconds);
    return 0;
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
    if (command == "audit") {
        if (args.size() < 2 || args[1] != "verify") {
            std::fprintf(stderr, "xinqiao: audit needs a subcommand: audit verify\n");
            return 2;
        }
        auto parsed = LoadConfig(std::vector<std::string>(args.begin() + 2, args.end()), env);
        if (!parsed) return Fail(parsed.error(), 2);
        return AuditVerify(*parsed);
    }
    if (command != "serve" && command != "migrate" && command != "demo") {
        std::fprintf(stderr, "xinqiao: unknown command %s (try xinqiao help)\n", command.c_str());
        return 2;
    }
    auto parsed = LoadConfig(std::vector<std::string>(args.begin() + 1, args.end()), env);
    if (!parsed) return Fail(parsed.error(), 2);
    if (command == "serve") return Serve(*parsed);
    if (command == "migrate") return Migrate(*parsed);
    return Demo(*parsed);
}

}  // namespace xinqiao::cli
