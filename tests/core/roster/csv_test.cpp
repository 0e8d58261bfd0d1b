#include "core/roster/csv.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::roster {
namespace {

TEST(Csv, ReadsWhatSpreadsheetsWrite) {
    const auto rows = ParseCsv("\xEF\xBB\xBF姓名,班级\r\n\"林, 晓\",\"1\"\"班\"\r\n\r\n王五,\"多\n行\"\n");
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 3u);
    EXPECT_EQ((*rows)[0].fields, (std::vector<std::string>{"姓名", "班级"}));
    EXPECT_EQ((*rows)[1].fields, (std::vector<std::string>{"林, 晓", "1\"班"}));
    EXPECT_EQ((*rows)[1].line, 2);
    EXPECT_EQ((*rows)[2].fields, (std::vector<std::string>{"王五", "多\n行"}));
    EXPECT_EQ((*rows)[2].line, 4) << "blank line 3 skipped, line numbers kept";
}

TEST(Csv, KeepsEmptyFieldsAndLastLineWithoutNewline) {
    const auto rows = ParseCsv("a,,c\n,,\nx,y");
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 2u) << "a row of empty fields is blank";
    EXPECT_EQ((*rows)[0].fields, (std::vector<std::string>{"a", "", "c"}));
    EXPECT_EQ((*rows)[1].fields, (std::vector<std::string>{"x", "y"}));
}

TEST(Csv, BrokenInputNamesTheLine) {
    const struct {
        std::string text;
        const char* expected;
    } kCases[] = {
        {"a,b\nc,\"d\n", "line 3: a quoted field is never closed"},
        {"a,b\nc,d\"e\n", "line 2: a quote inside an unquoted field"},
        {"a,\"b\"c\n", "line 1: text after a closing quote"},
        {std::string("a,\xFF\n"), "not valid UTF-8"},
    };
    for (const auto& c : kCases) {
        const auto r = ParseCsv(c.text);
        ASSERT_FALSE(r) << c.text;
        EXPECT_NE(r.error().message.find(c.expected), std::string::npos) << r.error().message;
    }
    EXPECT_FALSE(ParseCsv(std::string(300, ','), 200)) << "too many columns";
}

}  // namespace
}  // namespace xinqiao::core::roster
