#include "service/org_service.hpp"

#include <gtest/gtest.h>

#include "store/audit_repository.hpp"
#include "store/data_store.hpp"
#include "support/fake_clock.hpp"
#include "support/test_db.hpp"

namespace xinqiao::service {
namespace {

using core::ErrorCode;
using core::org::NewOrgUnit;
using core::org::OrgKind;
using core::org::OrgUnit;
using core::org::SchoolStage;

class OrgServiceTest : public ::testing::Test {
protected:
    void SetUp() override {
        XINQIAO_OPEN_TEST_DB(t_, testing::Backend::kSqlite);
        store_ = std::make_unique<store::SqlDataStore>(t_->db(), testing::TestKeyring());
        service_ = std::make_unique<OrgService>(*store_, clock_);
    }

    OrgUnit Make(std::optional<core::org::OrgUnitId> parent, OrgKind kind, const std::string& name,
                 std::optional<SchoolStage> stage = std::nullopt) {
        auto r = service_->Create(actor_, {parent, kind, name, "", stage, false});
        EXPECT_TRUE(r) << (r ? "" : r.error().message);
        return r ? *r : OrgUnit{};
    }

    std::unique_ptr<testing::TestDatabase> t_;
    std::unique_ptr<store::SqlDataStore> store_;
    testing::FakeClock clock_;
    std::unique_ptr<OrgService> service_;
    // An administrator over the whole tree: a grant on "/" (which no real unit has) reaches every
    // path, so these tests exercise the use cases; scope is tested in PrincipalScope below.
    Principal actor_{7, "test.admin", "测试", {{core::auth::Role::kAdmin, 0, "/"}, {core::auth::Role::kBureauStaff, 0, "/"}}, "", "test"};
};

TEST_F(OrgServiceTest, BuildsATreeAndWalksIt) {
    const auto city = Make(std::nullopt, OrgKind::kCity, "青溪市");
    const auto county = Make(city.id, OrgKind::kCounty, "明湖区");
    const auto school = Make(county.id, OrgKind::kSchool, "明湖一中", SchoolStage::kJunior);
    const auto grade = Make(school.id, OrgKind::kGrade, "七年级");

    EXPECT_EQ(service_->ListRoots(actor_)->size(), 1u);
    const auto ancestors = service_->Ancestors(actor_, grade.id);
    ASSERT_TRUE(ancestors);
    ASSERT_EQ(ancestors->size(), 3u);
    EXPECT_EQ((*ancestors)[0].id, city.id);
    EXPECT_EQ((*ancestors)[1].id, county.id);
    EXPECT_EQ((*ancestors)[2].id, school.id);
    EXPECT_TRUE(service_->Ancestors(actor_, city.id)->empty());
    EXPECT_EQ(service_->Children(actor_, county.id)->front().id, school.id);
}

TEST_F(OrgServiceTest, UnknownIdsAreNotFoundEverywhere) {
    EXPECT_EQ(service_->Get(actor_, 404).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->Children(actor_, 404).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->Ancestors(actor_, 404).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->ListStudents(actor_, 404, {}).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->Update(actor_, 404, OrgUnitPatch{.name = "x"}).error().code, ErrorCode::kNotFound);
}

TEST_F(OrgServiceTest, CreateWithUnknownParentNamesTheField) {
    const auto r = service_->Create(actor_, {999, OrgKind::kCounty, "x", "", std::nullopt, false});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "/parent_id");
}

TEST_F(OrgServiceTest, CreateRefusesWrongPlacementAndChangesNothing) {
    const auto city = Make(std::nullopt, OrgKind::kCity, "青溪市");
    const auto r = service_->Create(actor_, {city.id, OrgKind::kClass, "1班", "", std::nullopt, false});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "/parent_id");
    EXPECT_TRUE(service_->Children(actor_, city.id)->empty());
}

TEST_F(OrgServiceTest, RenameAndRecode) {
    const auto city = Make(std::nullopt, OrgKind::kCity, "青溪市");
    const auto r = service_->Update(actor_, city.id, OrgUnitPatch{.name = "清溪市", .code = "QX"});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->name, "清溪市");
    EXPECT_EQ(service_->Get(actor_, city.id)->code, "QX");
    const auto bad = service_->Update(actor_, city.id, OrgUnitPatch{.name = ""});
    EXPECT_EQ(bad.error().field, "/name");
    EXPECT_EQ(service_->Get(actor_, city.id)->name, "清溪市");
}

TEST_F(OrgServiceTest, MoveChecksCyclesAndKinds) {
    const auto city = Make(std::nullopt, OrgKind::kCity, "青溪市");
    const auto a = Make(city.id, OrgKind::kCounty, "甲县");
    const auto b = Make(city.id, OrgKind::kCounty, "乙县");
    const auto town = Make(a.id, OrgKind::kTownship, "青石镇");
    const auto school = Make(town.id, OrgKind::kSchool, "青石中心小学", SchoolStage::kPrimary);

    EXPECT_EQ(service_->Update(actor_, a.id, OrgUnitPatch{.parent_id = town.id}).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(service_->Update(actor_, school.id, OrgUnitPatch{.parent_id = city.id}).error().code, ErrorCode::kInvalidArgument);
    const auto moved = service_->Update(actor_, town.id, OrgUnitPatch{.parent_id = b.id});
    ASSERT_TRUE(moved);
    EXPECT_EQ(moved->county_id, b.id);
    EXPECT_EQ(service_->Get(actor_, school.id)->county_id, b.id);
    EXPECT_EQ(service_->Ancestors(actor_, school.id)->at(1).id, b.id);
    // A county may be moved to the top level; a township may not.
    EXPECT_TRUE(service_->Update(actor_, a.id, OrgUnitPatch{.parent_id = std::optional<core::org::OrgUnitId>()}));
    EXPECT_FALSE(service_->Update(actor_, town.id, OrgUnitPatch{.parent_id = std::optional<core::org::OrgUnitId>()}));
}

TEST_F(OrgServiceTest, StageChangesAreValidated) {
    const auto city = Make(std::nullopt, OrgKind::kCity, "青溪市");
    const auto county = Make(city.id, OrgKind::kCounty, "明湖区");
    const auto school = Make(county.id, OrgKind::kSchool, "一中", SchoolStage::kJunior);
    EXPECT_EQ(service_->Update(actor_, school.id, OrgUnitPatch{.stage = std::optional<SchoolStage>()}).error().field, "/stage");
    EXPECT_EQ(service_->Update(actor_, county.id, OrgUnitPatch{.stage = SchoolStage::kSenior}).error().field, "/stage");
    EXPECT_EQ(service_->Update(actor_, school.id, OrgUnitPatch{.stage = SchoolStage::kSenior})->stage, SchoolStage::kSenior);
}

TEST_F(OrgServiceTest, ListsStudentsOfADemoCounty) {
    core::demo::DemoSettings settings;
    settings.students = 3000;
    settings.today = core::Date{2026, 11, 22};
    ASSERT_TRUE(store::LoadDemoRegion(t_->db(), testing::TestKeyring(), settings));
    const auto roots = service_->ListRoots(actor_);
    ASSERT_EQ(roots->size(), 1u);
    std::int64_t sum = 0;
    const auto children = service_->Children(actor_, roots->front().id);
    ASSERT_TRUE(children);
    for (const auto& child : *children) {
        if (child.kind != OrgKind::kCounty) continue;
        sum += service_->ListStudents(actor_, child.id, {})->total;
    }
    EXPECT_EQ(sum, service_->ListStudents(actor_, roots->front().id, {})->total);
    EXPECT_NEAR(static_cast<double>(sum), 3000, 10);
}

TEST_F(OrgServiceTest, EveryWriteIsAuditedInItsTransaction) {
    const auto count = [&] {
        auto v = store::VerifyAuditTrail(t_->db(), store::AuditDigest(store::DigestAlgorithm::kSha256));
        EXPECT_TRUE(v && !v->first_break);
        return v ? v->entries_checked : -1;
    };
    const auto city = Make(std::nullopt, OrgKind::kCity, "青溪市");
    const auto a = Make(city.id, OrgKind::kCounty, "甲县");
    const auto b = Make(city.id, OrgKind::kCounty, "乙县");
    const auto town = Make(a.id, OrgKind::kTownship, "青石镇");
    EXPECT_EQ(count(), 4);
    ASSERT_TRUE(service_->Update(actor_, town.id, OrgUnitPatch{.name = "白石镇", .parent_id = b.id}));
    EXPECT_EQ(count(), 6) << "a rename and a move: two entries";
    // Failed writes leave no entry.
    EXPECT_FALSE(service_->Create(actor_, {city.id, OrgKind::kCounty, "甲县", "", std::nullopt, false}));
    EXPECT_FALSE(service_->Update(actor_, a.id, OrgUnitPatch{.parent_id = a.id}));
    EXPECT_EQ(count(), 6);
    // Reads are T1 here and are not audited.
    ASSERT_TRUE(service_->ListStudents(actor_, city.id, {}));
    EXPECT_EQ(count(), 6);

    ASSERT_TRUE(t_->db().Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT action, target_id, actor_role, request_id, at, org_path, actor_id "
                                                  "FROM audit_log ORDER BY id DESC LIMIT 1"));
        EXPECT_EQ(testing::Cell(rs, 0, 0), "org_unit.move");
        EXPECT_EQ(testing::Cell(rs, 0, 1), std::to_string(town.id));
        EXPECT_EQ(testing::Cell(rs, 0, 2), "admin") << "the role whose grant allowed the write";
        EXPECT_EQ(testing::IntCell(rs, 0, 6), 7);
        EXPECT_EQ(testing::Cell(rs, 0, 3), "test");
        EXPECT_EQ(testing::Cell(rs, 0, 4), "2026-11-22T12:00:00.000Z");
        EXPECT_EQ(testing::Cell(rs, 0, 5), b.path + std::to_string(town.id) + "/");
        return core::Ok();
    }));
}

}  // namespace
}  // namespace xinqiao::service
