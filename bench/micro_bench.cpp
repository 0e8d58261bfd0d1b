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

BENCHMARK_MAIN();
