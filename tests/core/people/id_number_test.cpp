#include "core/people/id_number.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::people {
namespace {

TEST(IdNumber, ComputesTheIso7064CheckCharacter) {
    // The worked example of GB 11643-1999 appendix: 11010519491231002 -> X.
    EXPECT_EQ(IdNumberCheckCharacter("11010519491231002"), 'X');
}

TEST(IdNumber, Validates) {
    EXPECT_TRUE(IsValidIdNumber("11010519491231002X"));
    const struct {
        const char* id;
        const char* why;
    } kBad[] = {
        {"11010519491231002x", "lower-case x"},
        {"110105194912310021", "wrong check digit"},
        {"11010519491331002X", "month 13"},
        {"11010520230229002X", "29 February 2023"},
        {"1101051949123100", "too short"},
        {"11010519491231002X1", "too long"},
        {"1101051949123100AX", "letter in the body"},
    };
    for (const auto& c : kBad) EXPECT_FALSE(IsValidIdNumber(c.id)) << c.why;
}

TEST(IdNumber, ReadsTheBirthDate) {
    EXPECT_EQ(IdNumberBirthDate("11010519491231002X"), (Date{1949, 12, 31}));
}

TEST(IdNumber, MaskHidesTheBirthDate) {
    EXPECT_EQ(MaskIdNumber("11010519491231002X"), "110105********002X");
    EXPECT_EQ(MaskIdNumber("123"), "***");
}

}  // namespace
}  // namespace xinqiao::core::people
