#include "store/student_repository.hpp"

#include <gtest/gtest.h>

#include "core/people/search_terms.hpp"
#include "store/data_store.hpp"
#include "store/org_repository.hpp"
#include "support/test_db.hpp"

namespace xinqiao::store {
namespace {

using core::org::OrgKind;
using core::org::OrgUnit;
using core::people::Gender;
using core::people::SpecialSituation;
using core::people::Student;
using core::people::StudentQuery;
using core::people::StudentSort;
using testing::Backend;
using testing::TestDatabase;

// A county with two schools. Ids are chosen so that unit 5 and unit 50 are siblings: the
// subtree range of "/1/5/" must not leak into "/1/50/".
class StudentRepositoryContract : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        XINQIAO_OPEN_TEST_DB(t_, GetParam());
        city_ = Unit(1, nullptr, OrgKind::kCity, "青溪市");
        county_ = Unit(2, &city_, OrgKind::kCounty, "明湖区");
        school_a_ = Unit(5, &county_, OrgKind::kSchool, "甲小学", core::org::SchoolStage::kPrimary);
        school_b_ = Unit(50, &county_, OrgKind::kSchool, "乙小学", core::org::SchoolStage::kPrimary);
        grade_a_ = Unit(6, &school_a_, OrgKind::kGrade, "一年级");
        class_a1_ = Unit(7, &grade_a_, OrgKind::kClass, "1班");
        class_a2_ = Unit(8, &grade_a_, OrgKind::kClass, "2班");
        grade_b_ = Unit(51, &school_b_, OrgKind::kGrade, "一年级");
        class_b1_ = Unit(52, &grade_b_, OrgKind::kClass, "1班");
        ASSERT_TRUE(t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
            SqlOrgRepository orgs(s);
            for (const OrgUnit* u : {&city_, &county_, &school_a_, &school_b_, &grade_a_, &class_a1_, &class_a2_,
                                     &grade_b_, &class_b1_}) {
                XINQIAO_RETURN_IF_ERROR(orgs.InsertWithId(*u));
            }
            SqlStudentRepository students(s, testing::TestKeyring());
            // 12 students in A1, 8 in A2, 5 in B1.
            int n = 0;
            for (const auto& [klass, count] : {std::pair{&class_a1_, 12}, {&class_a2_, 8}, {&class_b1_, 5}}) {
                for (int i = 0; i < count; ++i, ++n) {
                    Student st;
                    st.county_id = county_.id;
                    st.school_id = klass == &class_b1_ ? school_b_.id : school_a_.id;
                    st.grade_id = *klass->parent_id;
                    st.class_id = klass->id;
                    st.org_path = klass->path;
                    char number[16];
                    std::snprintf(number, sizeof number, "N%04d", 100 - n);
                    st.student_number = number;
                    st.name = std::string(n % 2 ? "王" : "李") + std::to_string(n);
                    st.gender = n % 3 == 0 ? Gender::kMale : Gender::kFemale;
                    st.birth_date = core::Date{2019, 1 + n % 12, 1 + n};
                    if (n % 5 == 0) st.special_situations.Set(SpecialSituation::kLeftBehind);
                    if (n == 7) st.special_situations.Set(SpecialSituation::kOrphaned);
                    XINQIAO_RETURN_IF_ERROR(students.Insert(st));
                }
            }
            return core::Ok();
        }));
    }

    OrgUnit Unit(core::org::OrgUnitId id, const OrgUnit* parent, OrgKind kind, std::string name,
                 std::optional<core::org::SchoolStage> stage = std::nullopt) {
        OrgUnit u;
        u.id = id;
        u.parent_id = parent ? std::optional(parent->id) : std::nullopt;
        u.kind = kind;
        u.name = std::move(name);
        u.stage = stage;
        u.path = core::org::ChildPath(parent ? parent->path : "", id);
        u.depth = parent ? parent->depth + 1 : 1;
        u.county_id = core::org::CountyIdFor(kind, id, parent);
        return u;
    }

    core::people::StudentPage List(const OrgUnit& unit, StudentQuery q = {}) {
        core::people::StudentPage page;
        EXPECT_TRUE(t_->db().Transact(TxMode::kRead, [&](Session& s) -> Status {
            SqlStudentRepository repo(s, testing::TestKeyring());
            XINQIAO_ASSIGN_OR_RETURN(page, repo.ListInSubtree(unit.path, q));
            return core::Ok();
        }));
        return page;
    }

    std::unique_ptr<TestDatabase> t_;
    OrgUnit city_, county_, school_a_, school_b_, grade_a_, class_a1_, class_a2_, grade_b_, class_b1_;
};

TEST_P(StudentRepositoryContract, SubtreeCountsAreExact) {
    EXPECT_EQ(List(city_).total, 25);
    EXPECT_EQ(List(county_).total, 25);
    EXPECT_EQ(List(school_a_).total, 20) << "unit 50's students must not leak into unit 5's range";
    EXPECT_EQ(List(school_b_).total, 5);
    EXPECT_EQ(List(class_a2_).total, 8);
}

TEST_P(StudentRepositoryContract, PagesCoverEveryStudentOnce) {
    StudentQuery q;
    q.page_size = 7;
    std::set<core::people::StudentId> seen;
    for (q.page = 1; q.page <= 4; ++q.page) {
        const auto page = List(city_, q);
        EXPECT_EQ(page.total, 25);
        EXPECT_EQ(page.items.size(), q.page < 4 ? 7u : 4u);
        for (const auto& item : page.items) EXPECT_TRUE(seen.insert(item.student.id).second);
    }
    EXPECT_EQ(seen.size(), 25u);
    q.page = 5;
    const auto beyond = List(city_, q);
    EXPECT_TRUE(beyond.items.empty());
    EXPECT_EQ(beyond.total, 25);
}

TEST_P(StudentRepositoryContract, RosterOrderIsClassThenNumber) {
    const auto page = List(school_a_);
    ASSERT_EQ(page.items.size(), 20u);
    EXPECT_EQ(page.items.front().student.class_id, class_a1_.id);
    EXPECT_EQ(page.items.front().class_name, "1班");
    EXPECT_EQ(page.items.front().grade_name, "一年级");
    for (std::size_t i = 1; i < page.items.size(); ++i) {
        const auto& a = page.items[i - 1].student;
        const auto& b = page.items[i].student;
        EXPECT_TRUE(a.org_path < b.org_path || (a.org_path == b.org_path && a.student_number < b.student_number));
    }
}

TEST_P(StudentRepositoryContract, SortsByNameAndBirthDateBothWays) {
    StudentQuery q;
    q.page_size = 100;
    q.sort = StudentSort::kBirthDate;
    auto page = List(city_, q);
    for (std::size_t i = 1; i < page.items.size(); ++i) {
        EXPECT_LE(page.items[i - 1].student.birth_date, page.items[i].student.birth_date);
    }
    q.descending = true;
    page = List(city_, q);
    for (std::size_t i = 1; i < page.items.size(); ++i) {
        EXPECT_GE(page.items[i - 1].student.birth_date, page.items[i].student.birth_date);
    }
    q.sort = StudentSort::kStudentNumber;
    q.descending = false;
    page = List(city_, q);
    EXPECT_EQ(page.items.front().student.student_number, "N0076");
}

TEST_P(StudentRepositoryContract, FiltersNarrowTheSubtree) {
    StudentQuery q;
    q.class_id = class_a2_.id;
    EXPECT_EQ(List(county_, q).total, 8);
    q = {};
    q.grade_id = grade_b_.id;
    EXPECT_EQ(List(county_, q).total, 5);
    EXPECT_EQ(List(school_a_, q).total, 0) << "a grade outside the subtree matches nothing";
    q = {};
    q.any_special.Set(SpecialSituation::kLeftBehind);
    EXPECT_EQ(List(city_, q).total, 5);  // n = 0, 5, 10, 15, 20
    q.any_special.Set(SpecialSituation::kOrphaned);
    EXPECT_EQ(List(city_, q).total, 6);  // any of: plus n = 7
    q = {};
    q.gender = Gender::kMale;
    EXPECT_EQ(List(city_, q).total, 9);  // n % 3 == 0 for n < 25
    q.any_special.Set(SpecialSituation::kLeftBehind);
    EXPECT_EQ(List(city_, q).total, 2);  // n = 0, 15
}

TEST_P(StudentRepositoryContract, DuplicateStudentNumberInASchoolIsRefused) {
    const auto r = t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
        SqlStudentRepository repo(s, testing::TestKeyring());
        Student st;
        st.county_id = county_.id;
        st.school_id = school_a_.id;
        st.grade_id = grade_a_.id;
        st.class_id = class_a1_.id;
        st.org_path = class_a1_.path;
        st.student_number = "N0100";
        st.name = "重复";
        st.birth_date = core::Date{2019, 5, 5};
        XINQIAO_RETURN_IF_ERROR(repo.Insert(st));
        return core::Ok();
    });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kAlreadyExists);
    EXPECT_EQ(r.error().field, "/student_number");
    EXPECT_EQ(List(city_).total, 25);
}

TEST_P(StudentRepositoryContract, IdNumbersAreSealedAndFoundByKeyedHash) {
    const std::string id = "11010519491231002X";
    core::people::StudentId inserted = 0;
    ASSERT_TRUE(t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
        SqlStudentRepository repo(s, testing::TestKeyring());
        Student st;
        st.county_id = county_.id;
        st.school_id = school_b_.id;
        st.grade_id = grade_b_.id;
        st.class_id = class_b1_.id;
        st.org_path = class_b1_.path;
        st.student_number = "X0001";
        st.name = "赵一";
        st.birth_date = core::Date{1949, 12, 31};
        st.id_number = id;
        XINQIAO_ASSIGN_OR_RETURN(inserted, repo.Insert(st));
        XINQIAO_ASSIGN_OR_RETURN(const auto found, repo.FindByIdNumber(id));
        EXPECT_EQ(found, inserted);
        XINQIAO_ASSIGN_OR_RETURN(const auto none, repo.FindByIdNumber("110105194912310037"));
        EXPECT_EQ(none, std::nullopt);
        return core::Ok();
    }));
    ASSERT_TRUE(t_->db().Transact(TxMode::kRead, [&](Session& s) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT * FROM students WHERE id = $1", {inserted}));
        for (std::size_t c = 0; c < rs.columns(); ++c) {
            EXPECT_EQ(testing::Cell(rs, 0, c).find("194912"), std::string::npos) << "column " << c << " holds plaintext";
        }
        return core::Ok();
    }));
    StudentQuery q;
    q.class_id = class_b1_.id;
    q.page_size = 100;
    bool seen = false;
    for (const auto& item : List(school_b_, q).items) {
        if (item.student.id == inserted) {
            EXPECT_EQ(item.student.id_number, id) << "opened on read";
            seen = true;
        }
    }
    EXPECT_TRUE(seen);
}

TEST_P(StudentRepositoryContract, LegacyPlaintextIsSealedOnce) {
    // A row as a database from before migration 4 holds it.
    ASSERT_TRUE(t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
        XINQIAO_RETURN_IF_ERROR(s.Execute(
            "INSERT INTO students (county_id, school_id, grade_id, class_id, org_path, student_number, name, gender, "
            "birth_date, id_number) VALUES ($1, $2, $3, $4, $5, 'OLD1', '旧生', 'male', '1949-12-31', "
            "'11010519491231002X')",
            {county_.id, school_b_.id, grade_b_.id, class_b1_.id, class_b1_.path}));
        return core::Ok();
    }));
    EXPECT_EQ(*EncryptLegacyPlaintext(t_->db(), testing::TestKeyring()), 1);
    EXPECT_EQ(*EncryptLegacyPlaintext(t_->db(), testing::TestKeyring()), 0);
    ASSERT_TRUE(t_->db().Transact(TxMode::kRead, [&](Session& s) -> Status {
        SqlStudentRepository repo(s, testing::TestKeyring());
        XINQIAO_ASSIGN_OR_RETURN(const auto found, repo.FindByIdNumber("11010519491231002X"));
        EXPECT_TRUE(found.has_value());
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT COUNT(*) FROM students WHERE id_number <> ''"));
        EXPECT_EQ(rs.Int(), 0);
        XINQIAO_ASSIGN_OR_RETURN(auto done, s.Query("SELECT task FROM maintenance_done"));
        EXPECT_EQ(done.rows(), 1u) << "recorded, so later starts skip the scan";
        return core::Ok();
    }));
}

// Students with the names a search is tried on, added to the fixture's.
class StudentSearchContract : public StudentRepositoryContract {
protected:
    void SetUp() override {
        StudentRepositoryContract::SetUp();
        if (HasFatalFailure()) return;
        zhang_ = Add(class_a1_, "张雪蕾", "S1001");
        zeng_ = Add(class_a2_, "曾小明", "S1002");
        shan_ = Add(class_b1_, "单田芳", "S2001");
        other_zhang_ = Add(class_b1_, "张雪", "S2002");
    }

    // A student of `klass` (one of the fixture's classes) named `name` with `number`.
    Student Of(const OrgUnit& klass, const std::string& name, const std::string& number) const {
        Student st;
        st.county_id = county_.id;
        st.school_id = klass.id == class_b1_.id ? school_b_.id : school_a_.id;
        st.grade_id = *klass.parent_id;
        st.class_id = klass.id;
        st.org_path = klass.path;
        st.student_number = number;
        st.name = name;
        st.birth_date = core::Date{2019, 3, 1};
        return st;
    }

    core::people::StudentId Add(const OrgUnit& klass, const std::string& name, const std::string& number) {
        core::people::StudentId id = 0;
        EXPECT_TRUE(t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
            SqlStudentRepository students(s, testing::TestKeyring());
            XINQIAO_ASSIGN_OR_RETURN(id, students.Insert(Of(klass, name, number)));
            return core::Ok();
        }));
        return id;
    }

    core::people::StudentPage Find(const OrgUnit& unit, std::string_view typed, StudentQuery q = {}) {
        q.search = *core::people::SearchKey(typed);
        core::people::StudentPage page;
        EXPECT_TRUE(t_->db().Transact(TxMode::kRead, [&](Session& s) -> Status {
            SqlStudentRepository repo(s, testing::TestKeyring());
            XINQIAO_ASSIGN_OR_RETURN(page, repo.Search(unit, q));
            return core::Ok();
        }));
        return page;
    }

    std::vector<std::string> Names(const OrgUnit& unit, std::string_view typed) {
        std::vector<std::string> names;
        for (const auto& item : Find(unit, typed).items) names.push_back(item.student.name);
        std::sort(names.begin(), names.end());
        return names;
    }

    core::people::StudentId zhang_ = 0, zeng_ = 0, shan_ = 0, other_zhang_ = 0;
};

using Found = std::vector<std::string>;

TEST_P(StudentSearchContract, FindsByPinyinInitialsWithSurnamesReadAsSurnames) {
    EXPECT_EQ(Names(city_, "zxl"), Found{"张雪蕾"});
    EXPECT_EQ(Names(city_, "ZX"), (Found{"张雪", "张雪蕾", "曾小明"})) << "a prefix of the initials, in any case";
    EXPECT_EQ(Names(city_, "zxm"), Found{"曾小明"}) << "曾 as a surname is zeng";
    EXPECT_EQ(Names(city_, "cxm"), Found{});
    EXPECT_EQ(Names(city_, "stf"), Found{"单田芳"}) << "单 as a surname is shan";
    EXPECT_EQ(Names(city_, "zhangxuelei"), Found{"张雪蕾"}) << "the full pinyin too";
    EXPECT_EQ(Names(city_, "zhang xue"), (Found{"张雪", "张雪蕾"})) << "spaces do not count";
}

TEST_P(StudentSearchContract, FindsByAnyPartOfTheNameAndTheStartOfTheNumber) {
    EXPECT_EQ(Names(city_, "雪蕾"), Found{"张雪蕾"});
    EXPECT_EQ(Names(city_, "张雪"), (Found{"张雪", "张雪蕾"}));
    EXPECT_EQ(Names(city_, "蕾"), Found{"张雪蕾"});
    EXPECT_EQ(Names(city_, "s100"), (Found{"张雪蕾", "曾小明"}));
    EXPECT_EQ(Names(city_, "Ｓ２００１"), Found{"单田芳"}) << "full-width, as a phone keyboard may type it";
    EXPECT_EQ(Names(city_, "1001"), Found{}) << "a number matches from its start";
}

TEST_P(StudentSearchContract, StaysWithinTheUnitAtEveryLevel) {
    EXPECT_EQ(Names(county_, "zx"), (Found{"张雪", "张雪蕾", "曾小明"}));
    EXPECT_EQ(Names(school_a_, "zx"), (Found{"张雪蕾", "曾小明"}));
    EXPECT_EQ(Names(school_b_, "zx"), Found{"张雪"}) << "unit 50 is not unit 5";
    EXPECT_EQ(Names(grade_a_, "zxm"), Found{"曾小明"});
    EXPECT_EQ(Names(class_a1_, "zxm"), Found{}) << "曾小明 is in the other class";
    EXPECT_EQ(Names(class_a2_, "zxm"), Found{"曾小明"});
    EXPECT_EQ(Names(class_b1_, "zxl"), Found{});
}

TEST_P(StudentSearchContract, KeepsTheListsFiltersOrderAndPages) {
    StudentQuery q;
    q.class_id = class_a1_.id;
    EXPECT_EQ(Find(city_, "s100", q).total, 1);
    q = {};
    q.sort = StudentSort::kStudentNumber;
    q.descending = true;
    q.page_size = 1;
    auto page = Find(city_, "s", q);
    EXPECT_EQ(page.total, 4);
    EXPECT_FALSE(page.more);
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].student.student_number, "S2002");
    EXPECT_EQ(page.items[0].class_name, "1班");
    q.page = 4;
    page = Find(city_, "s", q);
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].student.student_number, "S1001");
}

TEST_P(StudentSearchContract, StopsAtTheMostASearchAnswers) {
    ASSERT_TRUE(t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
        SqlStudentRepository students(s, testing::TestKeyring());
        for (int i = 0; i < core::people::kMaxSearchMatches + 5; ++i) {
            XINQIAO_RETURN_IF_ERROR(students.Insert(Of(class_b1_, "周一", "Z" + std::to_string(i))));
        }
        return core::Ok();
    }));
    StudentQuery q;
    q.page_size = 50;
    q.page = 4;
    const auto page = Find(city_, "周", q);
    EXPECT_EQ(page.total, core::people::kMaxSearchMatches);
    EXPECT_TRUE(page.more);
    EXPECT_EQ(page.items.size(), 50u);
    q.page = 5;
    EXPECT_TRUE(Find(city_, "周", q).items.empty());
    EXPECT_FALSE(Find(city_, "周一z", q).more);
}

TEST_P(StudentSearchContract, AStudentsNewNameAndNumberReplaceTheOldTerms) {
    ASSERT_TRUE(t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
        SqlStudentRepository students(s, testing::TestKeyring());
        XINQIAO_ASSIGN_OR_RETURN(auto st, students.Get(zhang_));
        st.name = "李雪";
        st.student_number = "S9009";
        st.school_id = school_b_.id;
        st.grade_id = grade_b_.id;
        st.class_id = class_b1_.id;
        st.org_path = class_b1_.path;
        return students.Update(st);
    }));
    EXPECT_EQ(Names(city_, "zxl"), Found{});
    EXPECT_EQ(Names(city_, "s1001"), Found{});
    EXPECT_EQ(Names(school_b_, "lx"), Found{"李雪"});
    EXPECT_EQ(Names(school_b_, "s9009"), Found{"李雪"}) << "found in the school the student moved to";
    EXPECT_EQ(Names(school_a_, "lx"), Found{});
}

TEST_P(StudentSearchContract, StudentsStoredBeforeTheTermsAreIndexedOnce) {
    ASSERT_TRUE(t_->db().Transact(TxMode::kWrite, [&](Session& s) -> Status {
        XINQIAO_RETURN_IF_ERROR(s.Execute("DELETE FROM student_search_terms"));
        return core::Ok();
    }));
    EXPECT_EQ(Names(city_, "zxl"), Found{});
    EXPECT_EQ(*IndexStudentSearchTerms(t_->db()), 29);
    EXPECT_EQ(Names(city_, "zxl"), Found{"张雪蕾"});
    EXPECT_EQ(Names(city_, "王1"), (Found{"王1", "王11", "王13", "王15", "王17", "王19"}));
    EXPECT_EQ(*IndexStudentSearchTerms(t_->db()), 0) << "recorded as done";
}

INSTANTIATE_TEST_SUITE_P(Drivers, StudentSearchContract, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

INSTANTIATE_TEST_SUITE_P(Drivers, StudentRepositoryContract, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return testing::BackendName(info.param); });

}  // namespace
}  // namespace xinqiao::store
