#include "core/people/student_query.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::people {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

TEST(StudentQuery, DefaultsToFirstRosterPage) {
    const auto q = ParseStudentQuery({});
    ASSERT_TRUE(q);
    EXPECT_EQ(q->page, 1);
    EXPECT_EQ(q->page_size, 50);
    EXPECT_EQ(q->sort, StudentSort::kRoster);
    EXPECT_FALSE(q->descending);
    EXPECT_EQ(q->Offset(), 0);
}

TEST(StudentQuery, ParsesEveryParameter) {
    const auto q = ParseStudentQuery({{"page", "3"},
                                      {"page_size", "20"},
                                      {"sort", "-birth_date"},
                                      {"grade", "12"},
                                      {"class", "13"},
                                      {"gender", "female"},
                                      {"special_group", "left_behind,orphaned"}});
    ASSERT_TRUE(q);
    EXPECT_EQ(q->Offset(), 40);
    EXPECT_EQ(q->sort, StudentSort::kBirthDate);
    EXPECT_TRUE(q->descending);
    EXPECT_EQ(q->grade_id, 12);
    EXPECT_EQ(q->class_id, 13);
    EXPECT_EQ(q->gender, Gender::kFemale);
    EXPECT_TRUE(q->any_special.Has(SpecialSituation::kLeftBehind));
    EXPECT_TRUE(q->any_special.Has(SpecialSituation::kOrphaned));
    EXPECT_FALSE(q->any_special.Has(SpecialSituation::kMigrant));
}

TEST(StudentQuery, RejectsBadValuesNamingTheParameter) {
    const struct {
        Params params;
        const char* field;
    } kCases[] = {
        {{{"page", "0"}}, "page"},
        {{{"page", "x"}}, "page"},
        {{{"page_size", "501"}}, "page_size"},
        {{{"page_size", "-1"}}, "page_size"},
        {{{"sort", "age"}}, "sort"},
        {{{"sort", "--name"}}, "sort"},
        {{{"grade", "0"}}, "grade"},
        {{{"class", "abc"}}, "class"},
        {{{"gender", "x"}}, "gender"},
        {{{"special_group", "left_behind,"}}, "special_group"},
        {{{"special_group", "rich"}}, "special_group"},
        {{{"name", "张三"}}, "name"},
        {{{"page", "1"}, {"page", "2"}}, "page"},
    };
    for (const auto& c : kCases) {
        const auto q = ParseStudentQuery(c.params);
        ASSERT_FALSE(q) << c.field << "=" << c.params.back().second;
        EXPECT_EQ(q.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(q.error().field, c.field);
    }
}

TEST(StudentQuery, UnknownParameterValueIsNotEchoed) {
    // Parameters may carry personal data (a name typed into the wrong box): never echo values.
    const auto q = ParseStudentQuery({{"name", "张三"}});
    ASSERT_FALSE(q);
    EXPECT_EQ(q.error().message.find("张三"), std::string::npos);
}

}  // namespace
}  // namespace xinqiao::core::people
