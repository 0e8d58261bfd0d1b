#pragma once
// The fixture of the repository contract suites (screening, alert, case, referral, team,
// webhook): each suite runs on SQLite and on PostgreSQL, through the storage ports
// (core::ports::Repositories) exactly as the services see them, over a small region:
//
//   青溪市 (city) ── 青溪市人民医院 (hospital)
//     └ 明湖区 (county) ── 明湖区精神卫生中心 (hospital)
//         ├ 明湖一中 (school) ── 七年级 ── 1班: 安安, 贝贝;  2班: 晨晨 (left behind)
//         └ 明湖二中 (school) ── 七年级 ── 1班: 丁丁
//
// and two staff accounts, a class teacher of 1班 and a psychology teacher of 明湖一中.

#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "store/data_store.hpp"
#include "support/people.hpp"
#include "support/test_db.hpp"

namespace xinqiao::testing {

class RepositoryContract : public ::testing::TestWithParam<Backend> {
protected:
    using Repositories = core::ports::Repositories;
    using OrgUnit = core::org::OrgUnit;
    using OrgKind = core::org::OrgKind;

    static constexpr std::int64_t kNow = 1'790'000'000'000;  // 2026-09-21, in milliseconds
    static constexpr std::int64_t kHour = 60LL * 60 * 1000;

    void SetUp() override {
        XINQIAO_OPEN_TEST_DB(t_, GetParam());
        data_ = std::make_unique<store::SqlDataStore>(t_->db(), TestKeyring());
        const auto st = data_->Write([&](Repositories& r) -> core::Status {
            const auto make = [&](const OrgUnit* parent, OrgKind kind, const char* name) {
                std::optional<core::org::SchoolStage> stage;
                if (kind == OrgKind::kSchool) stage = core::org::SchoolStage::kJunior;
                return r.Orgs().Create({parent ? std::optional(parent->id) : std::nullopt, kind, name, "", stage, false},
                                       parent);
            };
            XINQIAO_ASSIGN_OR_RETURN(city_, make(nullptr, OrgKind::kCity, "青溪市"));
            XINQIAO_ASSIGN_OR_RETURN(city_hospital_, make(&city_, OrgKind::kHospital, "青溪市人民医院"));
            XINQIAO_ASSIGN_OR_RETURN(county_, make(&city_, OrgKind::kCounty, "明湖区"));
            XINQIAO_ASSIGN_OR_RETURN(hospital_, make(&county_, OrgKind::kHospital, "明湖区精神卫生中心"));
            XINQIAO_ASSIGN_OR_RETURN(school_, make(&county_, OrgKind::kSchool, "明湖一中"));
            XINQIAO_ASSIGN_OR_RETURN(grade_, make(&school_, OrgKind::kGrade, "七年级"));
            XINQIAO_ASSIGN_OR_RETURN(class1_, make(&grade_, OrgKind::kClass, "1班"));
            XINQIAO_ASSIGN_OR_RETURN(class2_, make(&grade_, OrgKind::kClass, "2班"));
            XINQIAO_ASSIGN_OR_RETURN(other_school_, make(&county_, OrgKind::kSchool, "明湖二中"));
            XINQIAO_ASSIGN_OR_RETURN(other_grade_, make(&other_school_, OrgKind::kGrade, "七年级"));
            XINQIAO_ASSIGN_OR_RETURN(other_class_, make(&other_grade_, OrgKind::kClass, "1班"));

            XINQIAO_ASSIGN_OR_RETURN(ann_, r.Students().Insert(StudentOfClass(class1_, "S001", "安安", {2013, 3, 1})));
            XINQIAO_ASSIGN_OR_RETURN(bob_, r.Students().Insert(StudentOfClass(class1_, "S002", "贝贝", {2013, 4, 2})));
            auto cat = StudentOfClass(class2_, "S003", "晨晨", {2013, 5, 3});
            cat.special_situations.Set(core::people::SpecialSituation::kLeftBehind);
            XINQIAO_ASSIGN_OR_RETURN(cat_, r.Students().Insert(cat));
            XINQIAO_ASSIGN_OR_RETURN(dan_, r.Students().Insert(StudentOfClass(other_class_, "S001", "丁丁", {2013, 6, 4})));

            XINQIAO_ASSIGN_OR_RETURN(teacher_, StaffAccount(r, "teacher.wang", "王老师", core::auth::Role::kClassTeacher,
                                                            class1_.id));
            XINQIAO_ASSIGN_OR_RETURN(psych_, StaffAccount(r, "psych.chen", "陈老师", core::auth::Role::kPsychologyTeacher,
                                                          school_.id));
            return core::Ok();
        });
        ASSERT_TRUE(st) << st.error().message;
    }

    static core::Result<std::int64_t> StaffAccount(Repositories& r, const std::string& login, const std::string& name,
                                                   core::auth::Role role, core::org::OrgUnitId unit) {
        core::auth::Account a;
        a.login = login;
        a.display_name = name;
        a.password_hash = "not a hash: these accounts never sign in";
        XINQIAO_ASSIGN_OR_RETURN(const auto id, r.Accounts().Insert(a, kNow));
        XINQIAO_RETURN_IF_ERROR(r.Grants().Ensure(id, role, unit));
        return id;
    }

    // Runs `fn` in a write transaction (committed when it succeeds) and returns what it returned,
    // or the transaction's own error.
    template <typename Fn>
    auto Write(Fn fn) -> decltype(fn(std::declval<Repositories&>())) {
        return Run(fn, /*write=*/true);
    }
    // The same in a read-only transaction.
    template <typename Fn>
    auto Read(Fn fn) -> decltype(fn(std::declval<Repositories&>())) {
        return Run(fn, /*write=*/false);
    }

    // A raw query's result, for checking what is stored at rest.
    store::ResultSet Raw(const std::string& sql) {
        store::ResultSet out;
        const auto st = t_->db().Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(out, s.Query(sql, {}));
            return core::Ok();
        });
        EXPECT_TRUE(st) << st.error().message;
        return out;
    }

    // Whether `text` appears in any cell of `sql`'s rows: sealed columns must never show it.
    bool AnyCellContains(const std::string& sql, const std::string& text) {
        const auto rs = Raw(sql);
        for (std::size_t row = 0; row < rs.rows(); ++row) {
            for (std::size_t column = 0; column < rs.columns(); ++column) {
                auto cell = CellAt(rs, row, column);
                if (cell.IsNull()) continue;
                if (cell.Text().find(text) != std::string::npos) return true;
            }
        }
        return false;
    }

    std::unique_ptr<TestDatabase> t_;
    std::unique_ptr<store::SqlDataStore> data_;
    OrgUnit city_, city_hospital_, county_, hospital_, school_, grade_, class1_, class2_, other_school_, other_grade_,
        other_class_;
    core::people::StudentId ann_ = 0, bob_ = 0, cat_ = 0, dan_ = 0;
    std::int64_t teacher_ = 0, psych_ = 0;

private:
    template <typename Fn>
    auto Run(Fn& fn, bool write) -> decltype(fn(std::declval<Repositories&>())) {
        using R = decltype(fn(std::declval<Repositories&>()));
        std::optional<R> out;
        const auto work = [&](Repositories& r) -> core::Status {
            out.emplace(fn(r));
            if (!*out) return out->error();
            return core::Ok();
        };
        const auto st = write ? data_->Write(work) : data_->Read(work);
        if (!out) return st.error();
        if (!st && *out) return st.error();
        return std::move(*out);
    }
};

}  // namespace xinqiao::testing
