// Microbenchmarks of the paths the load scenario exercises, each printing its figures.

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/demo/region_generator.hpp"
#include "core/people/student_query.hpp"
#include "store/data_store.hpp"
#include "store/migrations/migrations.hpp"
#include "store/student_repository.hpp"
#include "store/org_repository.hpp"
#include "store/iconv_decoder.hpp"
#include "store/crypto/password.hpp"
#include "store/zlib_inflater.hpp"
#include "service/auth_service.hpp"
#include "service/roster_service.hpp"
#include "store/crypto/totp.hpp"
#include "core/people/id_number.hpp"
#include "support/xlsx_builder.hpp"

namespace {

using namespace xinqiao;

class CountingSink final : public core::demo::RegionSink {
public:
    core::Status AddOrgUnit(const core::org::OrgUnit&) override { return core::Ok(); }
    core::Status AddStudent(const core::people::Student&, const std::vector<core::people::Guardian>&) override {
        ++students;
        return core::Ok();
    }
    core::Status AddStaff(const core::people::StaffMember&) override { return core::Ok(); }
    std::int64_t students = 0;
};

// Generating the demo region without storage: the generator's share of `xinqiao demo`.
void BM_GenerateRegion(benchmark::State& state) {
    for (auto _ : state) {
        CountingSink sink;
        auto r = core::demo::GenerateRegion({1, state.range(0), {2026, 11, 22}}, sink);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_GenerateRegion)->Arg(30000)->Unit(benchmark::kMillisecond);

void BM_ParseStudentQuery(benchmark::State& state) {
    const std::vector<std::pair<std::string, std::string>> params = {
        {"page", "3"}, {"page_size", "50"}, {"sort", "-name"}, {"special_group", "left_behind,migrant"}};
    for (auto _ : state) {
        auto q = core::people::ParseStudentQuery(params);
        benchmark::DoNotOptimize(q);
    }
}
BENCHMARK(BM_ParseStudentQuery);

// One page of a county's students from a 30,000-student SQLite demo database.
void BM_ListCountyStudentsSqlite(benchmark::State& state) {
    const auto dir = std::filesystem::temp_directory_path() / ("xinqiao-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    auto db = std::move(store::OpenDatabase({"sqlite:" + (dir / "bench.db").string(), 4, 5000, 10000})).value();
    const auto keyring = *store::Keyring::Parse(store::Keyring::Generate(store::CipherAlgorithm::kAes256Gcm));
    if (!store::Migrate(*db) || !store::LoadDemoRegion(*db, keyring, {1, 30000, {2026, 11, 22}})) {
        state.SkipWithError("could not prepare the demo database");
        return;
    }
    core::people::StudentQuery q;
    q.page = static_cast<int>(state.range(0));
    for (auto _ : state) {
        auto st = db->Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
            store::SqlStudentRepository repo(s, keyring);
            auto page = repo.ListInSubtree("/1/5/", q);  // unit 5 is the first county of the demo
            benchmark::DoNotOptimize(page);
            return core::Ok();
        });
        benchmark::DoNotOptimize(st);
    }
    db.reset();
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_ListCountyStudentsSqlite)->Arg(1)->Arg(100)->Unit(benchmark::kMicrosecond);

}  // namespace

// Importing a 100,000-row roster into one school on SQLite: read the file (CSV, or an .xlsx
// workbook with deflated parts), check, seal ID numbers and phones, write in one transaction.
// The target is under 30 s.
void ImportRoster100k(benchmark::State& state, bool xlsx) {
    const auto dir = std::filesystem::temp_directory_path() / ("xinqiao-import-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    auto db = std::move(store::OpenDatabase({"sqlite:" + (dir / "import.db").string(), 4, 5000, 10000})).value();
    const auto keyring = *store::Keyring::Parse(store::Keyring::Generate(store::CipherAlgorithm::kAes256Gcm));
    (void)store::Migrate(*db);
    core::org::OrgUnit school;
    std::vector<std::string> grades = {"七年级", "八年级", "九年级"};
    (void)db->Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
        store::SqlOrgRepository repo(s);
        XINQIAO_ASSIGN_OR_RETURN(const auto city, repo.Create({std::nullopt, core::org::OrgKind::kCity, "青溪市", "", std::nullopt, false}, nullptr));
        XINQIAO_ASSIGN_OR_RETURN(const auto county, repo.Create({city.id, core::org::OrgKind::kCounty, "明湖区", "", std::nullopt, false}, &city));
        XINQIAO_ASSIGN_OR_RETURN(school, repo.Create({county.id, core::org::OrgKind::kSchool, "大学校", "", core::org::SchoolStage::kJunior, false}, &county));
        for (const auto& g : grades) {
            XINQIAO_ASSIGN_OR_RETURN(const auto grade, repo.Create({school.id, core::org::OrgKind::kGrade, g, "", std::nullopt, false}, &school));
            for (int c = 1; c <= 50; ++c) {
                XINQIAO_RETURN_IF_ERROR(repo.Create({grade.id, core::org::OrgKind::kClass, std::to_string(c) + "班", "", std::nullopt, false}, &grade));
            }
        }
        return core::Ok();
    });
    std::vector<std::vector<std::string>> table = {
        {"姓名", "性别", "出生日期", "学籍号", "年级", "班级", "身份证号", "监护人", "监护人电话", "留守儿童"}};
    for (int i = 0; i < 100000; ++i) {
        char birth[32], number[32], phone[32];
        const int day = 1 + i % 28, month = 1 + (i / 28) % 12;
        std::snprintf(birth, sizeof birth, "2013%02d%02d", month, day);
        std::snprintf(number, sizeof number, "S%07d", i);
        std::snprintf(phone, sizeof phone, "100%08d", i);
        char body[48];
        std::snprintf(body, sizeof body, "99%04d%s%03d", i / 1000 % 10000, birth, i % 1000);
        const std::string id = std::string(body) + core::people::IdNumberCheckCharacter(body);
        table.push_back({"学生" + std::to_string(i % 97), i % 2 ? "男" : "女", birth, number, grades[i % 3],
                         std::to_string(1 + i % 50) + "班", id, "家长", phone, i % 10 == 0 ? "是" : "否"});
    }
    std::string file;
    if (xlsx) {
        file = testing::BuildWorkbook(table);
    } else {
        for (const auto& row : table) {
            for (std::size_t c = 0; c < row.size(); ++c) file += (c ? "," : "") + row[c];
            file += "\n";
        }
    }
    state.counters["file_MiB"] = static_cast<double>(file.size()) / (1 << 20);
    store::SqlDataStore data(*db, keyring);
    struct Clock final : core::ports::Clock {
        std::int64_t NowUnixMillis() override { return 1795348800000; }
    } clock;
    store::IconvDecoder decoder;
    store::ZlibInflater inflater;
    store::OpenSslRandom random;
    service::RosterService roster(data, clock, decoder, inflater, random);
    service::Principal p;
    p.grants = {{core::auth::Role::kAdmin, 0, "/"}};
    for (auto _ : state) {
        auto report = roster.ImportStudents(p, school.id, file, false);
        if (!report) {
            state.SkipWithError(("import failed: " + report.error().message).c_str());
        } else if (report->created != 100000) {
            state.SkipWithError("import failed: not every row was created");
        }
    }
    state.SetItemsProcessed(state.iterations() * 100000);
    db.reset();
    std::filesystem::remove_all(dir);
}
void BM_ImportRoster100kCsv(benchmark::State& state) { ImportRoster100k(state, false); }
void BM_ImportRoster100kXlsx(benchmark::State& state) { ImportRoster100k(state, true); }
BENCHMARK(BM_ImportRoster100kCsv)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_ImportRoster100kXlsx)->Iterations(1)->Unit(benchmark::kSecond);

// A staff sign-in end to end against SQLite with the default argon2id parameters (64 MiB, t=2,
// p=1): find the account, verify the password, open the session, audit it.
void BM_SignInArgon2idDefault(benchmark::State& state) {
    const auto dir = std::filesystem::temp_directory_path() / ("xinqiao-signin-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    auto db = std::move(store::OpenDatabase({"sqlite:" + (dir / "signin.db").string(), 4, 5000, 10000})).value();
    const auto keyring = *store::Keyring::Parse(store::Keyring::Generate(store::CipherAlgorithm::kAes256Gcm));
    (void)store::Migrate(*db);
    store::SqlDataStore data(*db, keyring);
    struct Clock final : core::ports::Clock {
        std::int64_t NowUnixMillis() override { return 1795348800000; }
    } clock;
    store::Argon2idHasher hasher{store::Argon2Settings{}};
    store::OpenSslRandom random;
    store::Totp totp;
    service::AuthSettings settings;
    settings.free_attempts = 1 << 20;
    service::AuthService auth(data, clock, hasher, random, totp, settings);
    (void)auth.CreateAccount(service::Actor{}, "bench.teacher", "班主任", "a-long-password");
    for (auto _ : state) {
        auto session = auth.SignIn("bench.teacher", "a-long-password", "", "127.0.0.1", "bench");
        if (!session) state.SkipWithError("sign-in failed");
        benchmark::DoNotOptimize(session);
    }
    db.reset();
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_SignInArgon2idDefault)->Iterations(8)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
