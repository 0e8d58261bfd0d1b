#include "store/org_repository.hpp"

#include <gtest/gtest.h>

#include "store/student_repository.hpp"
#include "support/people.hpp"
#include "support/test_db.hpp"

namespace xinqiao::store {
namespace {

using core::org::NewOrgUnit;
using core::org::OrgKind;
using core::org::OrgUnit;
using core::org::SchoolStage;
using testing::Backend;
using testing::TestDatabase;

class OrgRepositoryContract : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { XINQIAO_OPEN_TEST_DB(t_, GetParam()); }

    // Runs `fn(repo)` in a write transaction and returns what it returned.
    template <typename Fn>
    auto Write(Fn fn) -> decltype(fn(std::declval<SqlOrgRepository&>())) {
        std::optional<decltype(fn(std::declval<SqlOrgRepository&>()))> out;
        const auto st = t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
            SqlOrgRepository repo(s);
            out.emplace(fn(repo));
            if (!*out) return out->error();
            return core::Ok();
        });
        if (!st) return st.error();
        return std::move(*out);
    }

    OrgUnit Create(const OrgUnit* parent, OrgKind kind, const std::string& name,
                   std::optional<SchoolStage> stage = std::nullopt) {
        NewOrgUnit n{parent ? std::optional(parent->id) : std::nullopt, kind, name, "", stage, false};
        auto r = Write([&](SqlOrgRepository& repo) { return repo.Create(n, parent); });
        EXPECT_TRUE(r) << (r ? "" : r.error().message);
        return r ? *r : OrgUnit{};
    }

    std::unique_ptr<TestDatabase> t_;
};

TEST_P(OrgRepositoryContract, CreateDerivesPathDepthAndCounty) {
    const OrgUnit city = Create(nullptr, OrgKind::kCity, "青溪市");
    const OrgUnit county = Create(&city, OrgKind::kCounty, "明湖区");
    const OrgUnit school = Create(&county, OrgKind::kSchool, "明湖一中", SchoolStage::kJunior);
    EXPECT_EQ(city.path, "/" + std::to_string(city.id) + "/");
    EXPECT_EQ(school.path, county.path + std::to_string(school.id) + "/");
    EXPECT_EQ(school.depth, 3);
    EXPECT_EQ(city.county_id, std::nullopt);
    EXPECT_EQ(county.county_id, county.id);
    EXPECT_EQ(school.county_id, county.id);

    auto got = Write([&](SqlOrgRepository& r) { return r.Get(school.id); });
    ASSERT_TRUE(got);
    EXPECT_EQ(got->name, "明湖一中");
    EXPECT_EQ(got->stage, SchoolStage::kJunior);
    EXPECT_EQ(got->path, school.path);
    EXPECT_EQ(got->parent_id, county.id);
}

TEST_P(OrgRepositoryContract, UnknownIdIsNotFound) {
    const auto r = Write([&](SqlOrgRepository& repo) { return repo.Get(987654); });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kNotFound);
}

TEST_P(OrgRepositoryContract, SiblingNamesAreUniqueButCousinsMayShare) {
    const OrgUnit city = Create(nullptr, OrgKind::kCity, "青溪市");
    const OrgUnit a = Create(&city, OrgKind::kCounty, "甲县");
    const OrgUnit b = Create(&city, OrgKind::kCounty, "乙县");
    Create(&a, OrgKind::kTownship, "青石镇");
    Create(&b, OrgKind::kTownship, "青石镇");
    NewOrgUnit dup{a.id, OrgKind::kTownship, "青石镇", "", std::nullopt, false};
    const auto r = Write([&](SqlOrgRepository& repo) { return repo.Create(dup, &a); });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kAlreadyExists);
    EXPECT_EQ(r.error().field, "/name");
    NewOrgUnit root_dup{std::nullopt, OrgKind::kCity, "青溪市", "", std::nullopt, false};
    EXPECT_FALSE(Write([&](SqlOrgRepository& repo) { return repo.Create(root_dup, nullptr); }));
}

TEST_P(OrgRepositoryContract, ChildrenAndRootsAreOrdered) {
    const OrgUnit city = Create(nullptr, OrgKind::kCity, "B市");
    Create(nullptr, OrgKind::kCity, "A市");
    const OrgUnit county = Create(&city, OrgKind::kCounty, "z县");
    Create(&city, OrgKind::kHospital, "a医院");
    Create(&county, OrgKind::kSchool, "一小", SchoolStage::kPrimary);
    auto roots = Write([&](SqlOrgRepository& r) { return r.ListRoots(); });
    ASSERT_TRUE(roots);
    ASSERT_EQ(roots->size(), 2u);
    EXPECT_EQ((*roots)[0].name, "A市");
    auto children = Write([&](SqlOrgRepository& r) { return r.Children(city.id); });
    ASSERT_TRUE(children);
    ASSERT_EQ(children->size(), 2u);  // only direct children
    EXPECT_EQ((*children)[0].kind, OrgKind::kCounty);  // by kind, then name
    EXPECT_EQ((*children)[1].kind, OrgKind::kHospital);
}

TEST_P(OrgRepositoryContract, SubtreeIsTheUnitAndEverythingUnderItParentsFirst) {
    const OrgUnit city = Create(nullptr, OrgKind::kCity, "青溪市");
    const OrgUnit east = Create(&city, OrgKind::kCounty, "东县");
    const OrgUnit west = Create(&city, OrgKind::kCounty, "西县");
    const OrgUnit school = Create(&east, OrgKind::kSchool, "东县一小", SchoolStage::kPrimary);
    const OrgUnit grade = Create(&school, OrgKind::kGrade, "一年级");
    Create(&west, OrgKind::kSchool, "西县一小", SchoolStage::kPrimary);
    auto units = Write([&](SqlOrgRepository& r) { return r.Subtree(east); });
    ASSERT_TRUE(units) << units.error().message;
    std::vector<std::string> names;
    for (const auto& u : *units) names.push_back(u.name);
    EXPECT_EQ(names, (std::vector<std::string>{"东县", "东县一小", "一年级"})) << "not the sibling county's school";
    auto leaf = Write([&](SqlOrgRepository& r) { return r.Subtree(grade); });
    ASSERT_TRUE(leaf);
    EXPECT_EQ(leaf->size(), 1u);
}

TEST_P(OrgRepositoryContract, MoveRewritesTheWholeSubtreeAndItsStudents) {
    const OrgUnit city = Create(nullptr, OrgKind::kCity, "青溪市");
    const OrgUnit east = Create(&city, OrgKind::kCounty, "东县");
    const OrgUnit west = Create(&city, OrgKind::kCounty, "西县");
    const OrgUnit school = Create(&east, OrgKind::kSchool, "东县一小", SchoolStage::kPrimary);
    const OrgUnit grade = Create(&school, OrgKind::kGrade, "一年级");
    const OrgUnit klass = Create(&grade, OrgKind::kClass, "1班");
    ASSERT_TRUE(t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
        SqlStudentRepository students(s, testing::TestKeyring());
        XINQIAO_RETURN_IF_ERROR(students.Insert(testing::StudentOfClass(klass, "2026000001", "林晓", {2019, 10, 1})));
        return core::Ok();
    }));

    auto moved = Write([&](SqlOrgRepository& r) { return r.Move(school, &west); });
    ASSERT_TRUE(moved) << moved.error().message;
    EXPECT_EQ(moved->path, west.path + std::to_string(school.id) + "/");
    EXPECT_EQ(moved->county_id, west.id);

    auto k = Write([&](SqlOrgRepository& r) { return r.Get(klass.id); });
    ASSERT_TRUE(k);
    EXPECT_EQ(k->path, moved->path + std::to_string(grade.id) + "/" + std::to_string(klass.id) + "/");
    EXPECT_EQ(k->depth, 5);
    EXPECT_EQ(k->county_id, west.id);
    auto s = Write([&](SqlOrgRepository& r) { return r.Get(school.id); });
    EXPECT_EQ(s->parent_id, west.id);

    ASSERT_TRUE(t_->db().Transact(TxMode::kRead, [&](Session& sess) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, sess.Query("SELECT org_path, county_id FROM students"));
        EXPECT_EQ(testing::Cell(rs, 0, 0), k->path);
        EXPECT_EQ(testing::IntCell(rs, 0, 1), west.id);
        return core::Ok();
    }));
    // The old county's subtree is empty of units now.
    auto east_children = Write([&](SqlOrgRepository& r) { return r.Children(east.id); });
    EXPECT_TRUE(east_children->empty());
}

TEST_P(OrgRepositoryContract, MovingACountyKeepsItsOwnCountyIds) {
    const OrgUnit province = Create(nullptr, OrgKind::kProvince, "某省");
    const OrgUnit city_a = Create(&province, OrgKind::kCity, "甲市");
    const OrgUnit city_b = Create(&province, OrgKind::kCity, "乙市");
    const OrgUnit county = Create(&city_a, OrgKind::kCounty, "丙县");
    const OrgUnit school = Create(&county, OrgKind::kSchool, "丙县一中", SchoolStage::kJunior);
    ASSERT_TRUE(Write([&](SqlOrgRepository& r) { return r.Move(county, &city_b); }));
    auto s = Write([&](SqlOrgRepository& r) { return r.Get(school.id); });
    EXPECT_EQ(s->county_id, county.id);
    EXPECT_EQ(s->path, city_b.path + std::to_string(county.id) + "/" + std::to_string(school.id) + "/");
    EXPECT_EQ(s->depth, 4);
}

TEST_P(OrgRepositoryContract, MoveOntoATakenNameIsRefused) {
    const OrgUnit city = Create(nullptr, OrgKind::kCity, "青溪市");
    const OrgUnit a = Create(&city, OrgKind::kCounty, "甲县");
    const OrgUnit b = Create(&city, OrgKind::kCounty, "乙县");
    const OrgUnit ta = Create(&a, OrgKind::kTownship, "青石镇");
    Create(&b, OrgKind::kTownship, "青石镇");
    const auto r = Write([&](SqlOrgRepository& repo) { return repo.Move(ta, &b); });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kAlreadyExists);
    auto still = Write([&](SqlOrgRepository& repo) { return repo.Get(ta.id); });
    EXPECT_EQ(still->parent_id, a.id);  // rolled back
    EXPECT_EQ(still->path, ta.path);
}

INSTANTIATE_TEST_SUITE_P(Drivers, OrgRepositoryContract, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::store
