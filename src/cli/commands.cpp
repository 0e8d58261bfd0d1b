#include "cli/commands.hpp"

#include <chrono>
#include <cstdio>
#include <condition_variable>
#include <mutex>
#include <ctime>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <thread>

#include <sys/stat.h>

#include <boost/json/serialize.hpp>

#include "cli/config.hpp"
#include "http/json_codec.hpp"
#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "cli/demo_screening.hpp"
#include "core/demo/region_generator.hpp"
#include "core/ports/clock.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "http/webhook_client.hpp"
#include "service/audit_service.hpp"
#include "service/audit_writer.hpp"
#include "service/auth_service.hpp"
#include "service/health_service.hpp"
#include "service/roster_service.hpp"
#include "service/student_service.hpp"
#include "service/org_service.hpp"
#include "store/xlsx_writer.hpp"
#include "store/data_store.hpp"
#include "store/system_clock.hpp"
#include "store/database.hpp"
#include "store/audit_repository.hpp"
#include "store/crypto/digest.hpp"
#include "store/crypto/password.hpp"
#include "store/crypto/totp.hpp"
#include "store/migrations/migrations.hpp"
#include "store/inflater.hpp"
#include "store/instrument_files.hpp"
#include "store/text_decoder.hpp"

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

using store::SystemClock;

store::Argon2Settings HasherSettings(const Config& c) {
    store::Argon2Settings s;
    s.memory_kib = c.argon2_memory_kib;
    s.iterations = c.argon2_iterations;
    return s;
}

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

// The database, migrated, with the keyring that seals its sensitive values. Start-up stops
// here on a missing or world-readable key file.
struct Opened {
    store::Keyring keyring;
    std::unique_ptr<store::Database> db;
};

core::Result<Opened> OpenWithKeys(const Config& c) {
    Opened o;
    XINQIAO_ASSIGN_OR_RETURN(o.keyring, store::Keyring::LoadFile(c.key_file));
    XINQIAO_ASSIGN_OR_RETURN(o.db, OpenAndMigrate(c));
    XINQIAO_ASSIGN_OR_RETURN(const auto sealed, store::EncryptLegacyPlaintext(*o.db, o.keyring));
    if (sealed > 0) {
        std::fprintf(stderr, "{\"level\":\"info\",\"msg\":\"sealed plaintext values\",\"count\":%lld}\n",
                     static_cast<long long>(sealed));
    }
    return o;
}

core::Date Today() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return core::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

// The instruments and the risk rules, as `serve` and `score` use them. A file that does not load
// is named with the JSON path of the problem.
core::Result<std::unique_ptr<service::InstrumentLibrary>> LoadLibrary(const Config& c) {
    XINQIAO_ASSIGN_OR_RETURN(auto instruments, store::LoadInstruments(c.instruments));
    XINQIAO_ASSIGN_OR_RETURN(auto rules, store::LoadRiskRules(c.risk_rules, instruments));
    return std::make_unique<service::InstrumentLibrary>(std::move(instruments), std::move(rules));
}

int NoExtraOptions(const Parsed& p) {
    if (p.rest.empty()) return 0;
    std::fprintf(stderr, "xinqiao: unknown option --%s\n", p.rest.front().first.c_str());
    return 2;
}

// Background work a server does on a thread of its own until destroyed: a round at start (what
// fell due while no server ran), then one every `interval_ms` (0: never). A round repeats its
// step while the step did something; a failed step (database unreachable) is logged and tried
// again next round. Escalating alerts and sending webhooks are both safe with several servers.
class Periodic {
public:
    // `step` does a batch and says how many things it did; `what` names them in the log.
    Periodic(const char* what, std::function<core::Result<int>()> step, int interval_ms)
        : what_(what), step_(std::move(step)), interval_ms_(interval_ms) {
        if (interval_ms_ > 0) thread_ = std::thread([this] { Run(); });
    }
    ~Periodic() {
        if (!thread_.joinable()) return;
        {
            std::lock_guard lock(mu_);
            stopping_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }

private:
    void Run() {
        std::unique_lock lock(mu_);
        do {
            lock.unlock();
            Round();
            lock.lock();
        } while (!wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stopping_; }));
    }

    void Round() {
        const auto start = std::chrono::steady_clock::now();
        int total = 0;
        while (true) {
            const auto done = step_();
            if (!done) {
                std::fprintf(stderr, "{\"level\":\"warn\",\"msg\":\"%s: round failed\",\"error\":\"%s\"}\n", what_,
                             std::string(core::ErrorCodeName(done.error().code)).c_str());
                break;
            }
            if (*done == 0) break;
            total += *done;
            std::lock_guard lock(mu_);
            if (stopping_) break;
        }
        if (total > 0) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
            std::fprintf(stderr, "{\"level\":\"info\",\"msg\":\"%s\",\"count\":%d,\"ms\":%lld}\n", what_, total,
                         static_cast<long long>(ms.count()));
        }
    }

    const char* what_;
    std::function<core::Result<int>()> step_;
    const int interval_ms_;
    std::mutex mu_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

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
    auto opened = OpenWithKeys(c);
    if (!opened) return Fail(opened.error());
    auto* db = &opened->db;
    store::SqlDataStore data(**db, opened->keyring);
    SystemClock clock;
    service::OrgService orgs(data, clock);
    service::HealthService health(data);
    store::Argon2idHasher hasher(HasherSettings(c));
    store::OpenSslRandom random;
    store::Totp totp;
    service::AuthService auth(data, clock, hasher, random, totp);
    http::AccessLog access_log(log_file);
    service::AuditService audit(data, clock);
    store::IconvDecoder decoder;
    store::ZlibInflater inflater;
    service::RosterService roster(data, clock, decoder, inflater, random);
    service::StudentService students(data, clock, random);
    service::UserService users(data, clock, random);
    // A bad instrument file stops start-up, naming the file and the JSON path of the problem.
    auto library = LoadLibrary(c);
    if (!library) return Fail(library.error());
    service::InstrumentLibrary& instruments = **library;
    store::XlsxWriter sheets;
    service::CampaignService campaigns(data, clock, instruments, sheets);
    service::AnsweringService answering(data, clock, instruments);
    service::AlertService alerts(data, clock);
    service::SignalService signals(data, clock);
    service::CaseService cases(data, clock);
    service::ReferralService referrals(data, clock);
    service::FollowUpService follow_ups(data, clock);
    service::TeamService teams(data, clock);
    http::HttpWebhookTransport webhook_transport;
    const std::string public_url =
        c.public_url.empty() ? "http://" + c.listen_address + ":" + std::to_string(c.listen_port) : c.public_url;
    service::WebhookService webhooks(data, clock, webhook_transport, store::HmacSha256, public_url);
    http::Api api({orgs, auth, audit, roster, students, users, instruments, campaigns, answering, alerts, signals, webhooks, cases, referrals, follow_ups, teams, health},
                  access_log, c.secure_cookies);
    Periodic escalator("alerts escalated", [&alerts] { return alerts.EscalateDue(); }, c.escalation_interval_ms);
    Periodic deliverer("webhooks delivered", [&webhooks] { return webhooks.DeliverDue(); }, c.webhook_interval_ms);
    if (c.web_root != "off") {
        auto site = http::StaticSite::Load(c.web_root);
        if (site) {
            api.ServeSite(*site);
        } else if (site.error().code == core::ErrorCode::kNotFound) {
            std::fprintf(stderr, "{\"level\":\"info\",\"msg\":\"no web app built at %s; serving the API only\"}\n",
                         c.web_root.c_str());
        } else {
            return Fail(site.error());
        }
    }

    http::ServerSettings ss;
    ss.address = c.listen_address;
    ss.port = c.listen_port;
    ss.body_limit_bytes = c.body_limit_bytes;
    ss.header_limit_bytes = c.header_limit_bytes;
    ss.request_timeout_ms = c.request_timeout_ms;
    ss.idle_timeout_ms = c.idle_timeout_ms;
    ss.worker_threads = c.workers;
    ss.shutdown_grace_ms = c.shutdown_grace_ms;
    ss.trusted_proxies = c.trusted_proxies;
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
    auto opened = OpenWithKeys(p.config);
    if (!opened) return Fail(opened.error());
    auto version = store::SchemaVersion(*opened->db);
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

// The operator at the command line, for the audit trail.
const service::Actor kOperator{std::nullopt, "operator", "cli"};

struct AdminContext {
    explicit AdminContext(const Config& c) : hasher(HasherSettings(c)) {}
    store::Keyring keyring;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<store::SqlDataStore> data;
    SystemClock clock;
    store::Argon2idHasher hasher;
    store::OpenSslRandom random;
    store::Totp totp;
    std::unique_ptr<service::AuthService> auth;
};

core::Result<std::unique_ptr<AdminContext>> OpenAdmin(const Config& c) {
    auto ctx = std::make_unique<AdminContext>(c);
    XINQIAO_ASSIGN_OR_RETURN(auto opened, OpenWithKeys(c));
    ctx->keyring = std::move(opened.keyring);
    ctx->db = std::move(opened.db);
    ctx->data = std::make_unique<store::SqlDataStore>(*ctx->db, ctx->keyring);
    ctx->auth = std::make_unique<service::AuthService>(*ctx->data, ctx->clock, ctx->hasher, ctx->random, ctx->totp);
    return ctx;
}

// Demo accounts: one per staff role, on the first units of the demo region.
core::Status CreateDemoAccounts(AdminContext* ctx, const std::string& accounts_file) {
    XINQIAO_ASSIGN_OR_RETURN(const auto at, store::FindDemoAnchors(*ctx->db));
    using core::auth::Role;
    const struct {
        const char* login;
        const char* name;
        Role role;
        core::org::OrgUnitId unit;
    } kAccounts[] = {
        {"demo.admin", "演示管理员", Role::kAdmin, at.city},
        {"demo.auditor", "演示审计员", Role::kAuditor, at.city},
        {"demo.bureau", "演示区教育局", Role::kBureauStaff, at.county},
        {"demo.leader", "演示校领导", Role::kSchoolLeader, at.school},
        {"demo.psych", "演示心理教师", Role::kPsychologyTeacher, at.school},
        {"demo.gradelead", "演示年级长", Role::kGradeLead, at.grade},
        {"demo.teacher", "演示班主任", Role::kClassTeacher, at.klass},
        {"demo.observer", "演示心理委员", Role::kPeerObserver, at.klass},
        {"demo.hospital", "演示医院", Role::kHospitalPartner, at.hospital},
        {"demo.hotline", "演示热线", Role::kHotlineOperator, at.hotline},
    };
    std::string text =
        "# 心桥演示账号 Xinqiao demo accounts (synthetic data only; delete this file in production)\n"
        "# login\tpassword\trole\torg_unit_id\ttotp_secret (roles that sign in with a second factor)\n";
    for (const auto& a : kAccounts) {
        const std::string password = ctx->random.HexToken(8);
        XINQIAO_RETURN_IF_ERROR(ctx->auth->CreateAccount(kOperator, a.login, a.name, password));
        XINQIAO_RETURN_IF_ERROR(ctx->auth->GrantRole(kOperator, a.login, a.role, a.unit));
        std::string secret = "-";
        if (core::auth::RequiresTwoFactor(a.role)) {
            XINQIAO_ASSIGN_OR_RETURN(const auto enrolled, ctx->auth->EnrollTwoFactor(kOperator, a.login));
            secret = enrolled.secret;
        }
        text += std::string(a.login) + "\t" + password + "\t" + std::string(core::auth::RoleName(a.role)) + "\t" +
                std::to_string(a.unit) + "\t" + secret + "\n";
    }
    // A student of the demo class (student number and printed code) and a guardian of theirs,
    // made the way a class teacher and a parent would: a code sheet and a redeemed invitation.
    service::StudentService students(*ctx->data, ctx->clock, ctx->random);
    service::Principal teacher;
    XINQIAO_RETURN_IF_ERROR(ctx->data->Read([&](core::ports::Repositories& r) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto school, r.Orgs().Get(at.school));
        teacher.grants = {{Role::kPsychologyTeacher, school.id, school.path}};
        return core::Ok();
    }));
    teacher.request_id = "demo";
    XINQIAO_ASSIGN_OR_RETURN(const auto sheet, students.IssueClassCodes(teacher, at.klass, {}));
    if (sheet.codes.empty()) return core::Error::FailedPrecondition("the demo class has no students");
    const auto& first = sheet.codes.front();
    text += first.student_number + "\t" + first.code + "\tstudent\t" + std::to_string(at.klass) +
            "\t-\t(sign in with student number and code)\n";
    XINQIAO_ASSIGN_OR_RETURN(const auto invitation, students.InviteGuardian(teacher, first.student_id));
    const std::string guardian_password = ctx->random.HexToken(8);
    XINQIAO_RETURN_IF_ERROR(ctx->auth->RedeemInvitation(invitation.code, "demo.guardian", "演示家长",
                                                        guardian_password, "cli", "demo"));
    text += "demo.guardian\t" + guardian_password + "\tguardian\t" + std::to_string(at.klass) + "\t-\n";

    // The crisis teams: the demo school's (its leader leads, with the psychology and class
    // teachers) and the county's (the county centre with the partner hospital's doctor).
    XINQIAO_RETURN_IF_ERROR(ctx->data->Write([&](core::ports::Repositories& r) -> core::Status {
        const struct {
            core::org::OrgUnitId unit;
            const char* login;
            const char* duty;
        } kTeams[] = {{at.school, "demo.leader", "lead"},   {at.school, "demo.psych", "member"},
                      {at.school, "demo.teacher", "member"}, {at.county, "demo.bureau", "lead"},
                      {at.county, "demo.hospital", "member"}};
        for (const auto& m : kTeams) {
            XINQIAO_ASSIGN_OR_RETURN(const auto account, r.Accounts().FindByLogin(m.login));
            XINQIAO_RETURN_IF_ERROR(r.Teams().Put(m.unit, account.id, m.duty, ctx->clock.NowUnixMillis()));
        }
        return core::Ok();
    }));

    // Readable by the owner only: it holds passwords.
    std::FILE* f = std::fopen(accounts_file.c_str(), "w");
    if (!f) return core::Error::Unavailable("cannot write " + accounts_file);
    fchmod(fileno(f), 0600);
    std::fputs(text.c_str(), f);
    std::fclose(f);
    return core::Ok();
}

std::string DefaultAccountsFile(const std::string& db_url) {
    if (db_url.starts_with("sqlite:")) {
        const std::string path = db_url.substr(7);
        const auto slash = path.rfind('/');
        return (slash == std::string::npos ? std::string(".") : path.substr(0, slash)) + "/demo-accounts.txt";
    }
    return "demo-accounts.txt";
}

std::string ReadPasswordFromStdin() {
    std::string line;
    int c;
    while ((c = std::getchar()) != EOF && c != '\n') line += static_cast<char>(c);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

core::Result<store::CipherAlgorithm> ParseAlgorithm(const std::string& value) {
    if (value == "aes-256-gcm") return store::CipherAlgorithm::kAes256Gcm;
    if (value == "sm4-ctr-hmac-sm3") return store::CipherAlgorithm::kSm4CtrHmacSm3;
    return core::Error::InvalidArgument("--algorithm must be aes-256-gcm or sm4-ctr-hmac-sm3");
}

// Adds a key, then moves every sealed value to it in batches while servers keep running: they
// pick up the new key file within a second (store/crypto/keyring.hpp), and a second pass after
// that catches values they sealed with the old key in the meantime.
int RotateKey(const Parsed& p) {
    std::optional<store::CipherAlgorithm> algorithm;
    int batch_size = 500;
    for (const auto& [key, value] : p.rest) {
        if (key == "algorithm") {
            auto a = ParseAlgorithm(value);
            if (!a) return Fail(a.error(), 2);
            algorithm = *a;
        } else if (key == "batch_size") {
            const auto n = core::ParseInt64(value);
            if (!n || *n < 1 || *n > 100000) return Fail(core::Error::InvalidArgument("--batch-size must be 1 to 100000"), 2);
            batch_size = static_cast<int>(*n);
        } else {
            std::fprintf(stderr, "xinqiao: unknown option --%s\n", key.c_str());
            return 2;
        }
    }
    const auto started = std::chrono::steady_clock::now();
    auto ctx = OpenAdmin(p.config);
    if (!ctx) return Fail(ctx.error());
    auto& keyring = (*ctx)->keyring;
    const auto new_id = store::Keyring::RotateFile(p.config.key_file, algorithm.value_or(keyring.active_algorithm()));
    if (!new_id) return Fail(new_id.error());
    if (auto r = keyring.Reload(); !r) return Fail(r.error());
    const auto audit = [&](const std::string& action) {
        return (*ctx)->data->Write([&](core::ports::Repositories& r) {
            return service::AppendAudit(r, (*ctx)->clock, kOperator, action, {"keyring", std::to_string(*new_id), "/"});
        });
    };
    if (auto r = audit("keyring.rotate"); !r) return Fail(r.error());
    std::fprintf(stderr, "rotate-key: key %d (%s) is active; re-encrypting in batches of %d\n", *new_id,
                 std::string(store::CipherAlgorithmName(keyring.active_algorithm())).c_str(), batch_size);

    store::RekeyFigures total;
    for (int pass = 1; pass <= 5; ++pass) {
        if (pass > 1) std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // servers reload within 1 s
        auto figures = store::ReencryptAll(*(*ctx)->db, keyring, batch_size, [&](const store::RekeyFigures& f) {
            if (f.batches % 200 == 0) {
                std::fprintf(stderr, "rotate-key: pass %d, %lld values so far\n", pass,
                             static_cast<long long>(total.reencrypted + f.reencrypted));
            }
        });
        if (!figures) return Fail(figures.error());
        total.reencrypted += figures->reencrypted;
        total.batches += figures->batches;
        total.remaining = figures->remaining;
        if (pass > 1 && figures->remaining == 0) break;
    }
    if (auto r = audit("keyring.reencrypt"); !r) return Fail(r.error());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("rotate-key: key %d active; %lld values re-encrypted in %lld batches, %.1f s; %lld under older keys\n",
                *new_id, static_cast<long long>(total.reencrypted), static_cast<long long>(total.batches), seconds,
                static_cast<long long>(total.remaining));
    return total.remaining == 0 ? 0 : 1;
}

int Admin(const std::string& sub, const Parsed& p) {
    if (sub == "rotate-key") return RotateKey(p);
    std::string login, name, role_name, unit_text;
    for (const auto& [key, value] : p.rest) {
        if (key == "login") login = value;
        else if (key == "name") name = value;
        else if (key == "role") role_name = value;
        else if (key == "unit") unit_text = value;
        else {
            std::fprintf(stderr, "xinqiao: unknown option --%s\n", key.c_str());
            return 2;
        }
    }
    if (login.empty()) return Fail(core::Error::InvalidArgument("--login is required"), 2);
    auto ctx = OpenAdmin(p.config);
    if (!ctx) return Fail(ctx.error());
    auto& auth = *(*ctx)->auth;
    if (sub == "create-user" || sub == "reset-password") {
        if (sub == "create-user" && name.empty()) return Fail(core::Error::InvalidArgument("--name is required"), 2);
        const std::string password = ReadPasswordFromStdin();
        core::Status r;
        if (sub == "create-user") {
            if (auto id = auth.CreateAccount(kOperator, login, name, password); !id) r = id.error();
        } else {
            r = auth.ResetPassword(kOperator, login, password);
        }
        if (!r) return Fail(r.error());
        std::printf("%s: done for %s\n", sub.c_str(), login.c_str());
        return 0;
    }
    if (sub == "issue-activation") {
        auto issued = auth.IssueActivation(kOperator, login);
        if (!issued) return Fail(issued.error());
        std::printf("issue-activation: %s\ncode: %s (works once, until %s; hand it over privately)\n", login.c_str(),
                    issued->code.c_str(), core::FormatRfc3339Millis(issued->expires_ms).substr(0, 10).c_str());
        return 0;
    }
    if (sub == "enroll-totp") {
        auto e = auth.EnrollTwoFactor(kOperator, login);
        if (!e) return Fail(e.error());
        std::printf("enroll-totp: %s\nsecret: %s\nuri: %s\nrecovery codes (each works once; hand them over privately):\n",
                    login.c_str(), e->secret.c_str(), e->otpauth_uri.c_str());
        for (const auto& code : e->recovery_codes) std::printf("  %s\n", code.c_str());
        return 0;
    }
    if (sub == "grant" || sub == "revoke") {
        const auto role = core::auth::ParseRole(role_name);
        if (!role) return Fail(core::Error::InvalidArgument("--role must be one of the role names (see docs)"), 2);
        const auto unit = core::ParseInt64(unit_text);
        if (!unit || *unit <= 0) return Fail(core::Error::InvalidArgument("--unit must be an org unit id"), 2);
        const auto r = sub == "grant" ? auth.GrantRole(kOperator, login, *role, *unit)
                                      : auth.RevokeRole(kOperator, login, *role, *unit);
        if (!r) return Fail(r.error());
        std::printf("%s: %s %s on unit %lld\n", sub.c_str(), login.c_str(), role_name.c_str(),
                    static_cast<long long>(*unit));
        return 0;
    }
    std::fprintf(stderr, "xinqiao: unknown admin command %s (try xinqiao help)\n", sub.c_str());
    return 2;
}

// The command-line operator: an administrator over the whole tree (see principal.hpp).
service::Principal OperatorPrincipal() {
    service::Principal p;
    p.login = "operator";
    p.grants = {{core::auth::Role::kAdmin, 0, "/"}};
    p.request_id = "cli";
    return p;
}

void PrintProblems(const std::vector<core::roster::ImportProblem>& problems) {
    for (const auto& pr : problems) {
        std::printf("  line %d%s%s: %s\n", pr.line, pr.column.empty() ? "" : ", ", pr.column.c_str(), pr.reason.c_str());
    }
}

// `import students FILE --school ID` and `import staff FILE --unit ID`, with --dry-run.
int Import(const std::string& kind, const std::string& file, const Parsed& p) {
    const std::string unit_option = kind == "students" ? "school" : "unit";
    core::org::OrgUnitId unit = 0;
    bool dry_run = false;
    for (const auto& [key, value] : p.rest) {
        if (key == unit_option) {
            unit = core::ParseInt64(value).value_or(0);
        } else if (key == "dry_run") {
            dry_run = true;
        } else {
            std::fprintf(stderr, "xinqiao: unknown option --%s\n", key.c_str());
            return 2;
        }
    }
    if (unit <= 0) {
        return Fail(core::Error::InvalidArgument("--" + unit_option + " must be the id of the " +
                                                 (kind == "students" ? "school" : "unit to import into")),
                    2);
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return Fail(core::Error::InvalidArgument("cannot read " + file), 2);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto opened = OpenWithKeys(p.config);
    if (!opened) return Fail(opened.error());
    store::SqlDataStore data(*opened->db, opened->keyring);
    SystemClock clock;
    store::IconvDecoder decoder;
    store::ZlibInflater inflater;
    store::OpenSslRandom random;
    service::RosterService roster(data, clock, decoder, inflater, random);
    const auto start = std::chrono::steady_clock::now();
    const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    const char* dry = dry_run ? " (dry run, nothing written)" : "";
    if (kind == "students") {
        auto report = roster.ImportStudents(OperatorPrincipal(), unit, bytes, dry_run);
        if (!report) return Fail(report.error());
        std::printf("import%s: %d rows: %d new, %d updated, %d unchanged, %d guardians added, %zu with problems, %.1f s\n",
                    dry, report->data_rows, report->created, report->updated, report->unchanged,
                    report->guardians_added, report->problems.size(), seconds());
        PrintProblems(report->problems);
        return report->problems.empty() ? 0 : 1;
    }
    auto report = roster.ImportStaff(OperatorPrincipal(), unit, bytes, dry_run);
    if (!report) return Fail(report.error());
    std::printf("import%s: %d rows: %d new accounts, %d updated, %d unchanged, %d roles granted, %zu with problems, %.1f s\n",
                dry, report->data_rows, report->created, report->updated, report->unchanged, report->grants_added,
                report->problems.size(), seconds());
    PrintProblems(report->problems);
    if (!report->activations.empty()) {
        // The only time these codes are shown: hand each person theirs.
        std::printf("activation codes (each works once, until the date shown; sign in at 激活账号 with 工号 and code):\n");
        for (const auto& a : report->activations) {
            std::printf("  %s\t%s\t%s\t%s\n", a.login.c_str(), a.name.c_str(), a.code.c_str(),
                        core::FormatRfc3339Millis(a.expires_ms).substr(0, 10).c_str());
        }
    }
    return report->problems.empty() ? 0 : 1;
}

// xinqiao score phq9 0 1 2 ... : one response, scored with the shipped definition.
int ScoreCommand(const std::vector<std::string>& words, const Parsed& p) {
    if (int bad = NoExtraOptions(p)) return bad;
    if (words.empty()) {
        std::fprintf(stderr, "xinqiao: usage: xinqiao score INSTRUMENT ANSWER... (- for an item not answered)\n");
        return 2;
    }
    auto loaded = LoadLibrary(p.config);
    if (!loaded) return Fail(loaded.error());
    const service::InstrumentLibrary& library = **loaded;
    const auto* instrument = library.Find(words[0]);
    if (!instrument) {
        std::string known;
        for (const auto& i : library.All()) known += (known.empty() ? "" : ", ") + i.id;
        return Fail(core::Error::NotFound("no instrument " + words[0] + " (known: " + known + ")"), 2);
    }
    core::screening::Answers answers;
    for (std::size_t i = 1; i < words.size(); ++i) {
        if (words[i] == "-") {
            answers.push_back(std::nullopt);
            continue;
        }
        const auto v = core::ParseInt64(words[i]);
        if (!v || *v < -1000 || *v > 1000) {
            return Fail(core::Error::InvalidArgument("answer " + std::to_string(i) + " is not a whole number or -"), 2);
        }
        answers.push_back(static_cast<int>(*v));
    }
    auto scored = library.Score(words[0], answers);
    if (!scored) return Fail(scored.error(), 2);
    std::printf("%s\n",
                boost::json::serialize(http::ToJson(*instrument, *scored, library.AssessAlone(*instrument, *scored))).c_str());
    return 0;
}

int Keygen(const Parsed& p) {
    auto algorithm = store::CipherAlgorithm::kAes256Gcm;
    bool if_missing = false;
    for (const auto& [key, value] : p.rest) {
        if (key == "if_missing") {
            if_missing = true;
        } else if (key == "algorithm") {
            auto a = ParseAlgorithm(value);
            if (!a) return Fail(a.error(), 2);
            algorithm = *a;
        } else {
            std::fprintf(stderr, "xinqiao: unknown option --%s\n", key.c_str());
            return 2;
        }
    }
    const auto made = store::Keyring::CreateFile(p.config.key_file, algorithm);
    if (!made) {
        if (if_missing && made.error().code == core::ErrorCode::kAlreadyExists) return 0;
        return Fail(made.error());
    }
    std::printf("keygen: wrote a new %s key to %s (mode 0600); back it up apart from the database\n",
                std::string(store::CipherAlgorithmName(algorithm)).c_str(), p.config.key_file.c_str());
    return 0;
}

int Demo(const Parsed& p) {
    core::demo::DemoSettings settings;
    settings.today = Today();
    bool if_empty = false;
    std::string accounts_file = DefaultAccountsFile(p.config.db);
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
        } else if (key == "accounts_file") {
            accounts_file = value;
        } else {
            std::fprintf(stderr, "xinqiao: unknown option --%s\n", key.c_str());
            return 2;
        }
    }
    auto opened = OpenAdmin(p.config);
    if (!opened) return Fail(opened.error());
    AdminContext* ctx = opened->get();
    auto* db = &ctx->db;
    if (if_empty) {
        auto empty = store::IsEmpty(**db);
        if (!empty) return Fail(empty.error());
        if (!*empty) {
            std::printf("demo: the database already holds data; nothing to do\n");
            return 0;
        }
    }
    auto library = LoadLibrary(p.config);
    if (!library) return Fail(library.error());
    const auto start = std::chrono::steady_clock::now();
    auto summary = store::LoadDemoRegion(**db, ctx->keyring, settings);
    if (!summary) return Fail(summary.error());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (auto accounts = CreateDemoAccounts(ctx, accounts_file); !accounts) return Fail(accounts.error());
    // A screening in the demo county, answered by most of it (demo_screening.hpp).
    auto screening = LoadDemoScreening(**db, *ctx->data, ctx->clock, ctx->random, **library, settings.seed);
    if (!screening) return Fail(screening.error());
    std::printf(
        "demo: seed %llu: %lld org units, %lld schools, %lld classes, %lld students, %lld guardians, %lld staff "
        "in %.1f s\n",
        static_cast<unsigned long long>(settings.seed), static_cast<long long>(summary->org_units),
        static_cast<long long>(summary->schools), static_cast<long long>(summary->classes),
        static_cast<long long>(summary->students), static_cast<long long>(summary->guardians),
        static_cast<long long>(summary->staff), seconds);
    const auto& counted = screening->progress;
    std::printf("demo: screening %s in the demo county: %lld invited, %lld completed, %lld started; "
                "levels I %lld, II %lld, III %lld, IV %lld\n",
                screening->name.c_str(), static_cast<long long>(counted.invited),
                static_cast<long long>(counted.completed), static_cast<long long>(counted.started),
                static_cast<long long>(counted.levels[0]), static_cast<long long>(counted.levels[1]),
                static_cast<long long>(counted.levels[2]), static_cast<long long>(counted.levels[3]));
    std::printf("demo: demo accounts for every role are in %s\n", accounts_file.c_str());
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
