// `xinqiao demo`: a synthetic region with demo accounts and a screening under way.
#include "cli/command_support.hpp"

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

#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "cli/demo_screening.hpp"
#include "core/demo/region_generator.hpp"
#include "core/ports/clock.hpp"
#include "service/student_service.hpp"
#include "store/migrations/migrations.hpp"

namespace xinqiao::cli {
namespace {

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

}  // namespace

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

}  // namespace xinqiao::cli
