// The .xlsx reader (core/roster/xlsx) with the real zlib inflater, over workbooks built the way
// spreadsheet programs save them.

#include "core/roster/xlsx.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "store/zlib_inflater.hpp"
#include "support/xlsx_builder.hpp"

namespace xinqiao::testing {
namespace {

using core::roster::ParseXlsx;
using Fields = std::vector<std::string>;

constexpr const char* kStyles =
    R"(<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>)"
    R"(<numFmt numFmtId="177" formatCode="&quot;day&quot;0.00"/></numFmts>)"
    R"(<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>)"
    R"(<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="49"/><xf numFmtId="177"/></cellXfs>)"
    R"(</styleSheet>)";

TEST(Xlsx, ReadsTheFirstSheetInTabOrderAsRows) {
    store::ZlibInflater inflater;
    const std::string book = BuildWorkbook({{"姓名", "性别", "学籍号", "班级"},
                                            {"林晓", "女", "G0001", "1班"},
                                            {"", "", "", ""},
                                            {"王 & <五>", "", "G0002", "2班"}});
    ASSERT_TRUE(core::roster::LooksLikeXlsx(book));
    const auto rows = ParseXlsx(book, inflater);
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 3u) << "the blank third row is skipped, and the other sheet is not read";
    EXPECT_EQ((*rows)[0].fields, (Fields{"姓名", "性别", "学籍号", "班级"}));
    EXPECT_EQ((*rows)[1].fields, (Fields{"林晓", "女", "G0001", "1班"}));
    EXPECT_EQ((*rows)[2].fields, (Fields{"王 & <五>", "", "G0002", "2班"})) << "a missing cell is an empty field";
    EXPECT_EQ((*rows)[2].line, 4) << "a row keeps its number in the sheet";
}

TEST(Xlsx, ReadsEveryKindOfCell) {
    store::ZlibInflater inflater;
    const std::string data =
        R"(<row r="2" spans="1:9">)"
        R"(<c r="A2" t="s"><v>0</v></c>)"                                           // rich text, phonetic run skipped
        R"(<c r="B2" t="inlineStr"><is><t>&#x4E2D;&#25991;&amp;</t></is></c>)"      // inline, entities
        R"(<c r="C2" s="1"><v>41640</v></c>)"                                       // built-in date format
        R"(<c r="D2" s="2"><v>41641.75</v></c>)"                                    // custom 年月日 format, time dropped
        R"(<c r="E2" s="0"><v>41640</v></c>)"                                       // a plain number stays one
        R"(<c r="F2" s="4"><v>2.5</v></c>)"                                         // quoted "day" is not a date
        R"(<c r="G2" t="b"><v>1</v></c>)"
        R"(<c r="H2" t="e"><v>#N/A</v></c>)"
        R"(<c r="I2" t="str"><f>A1&amp;"x"</f><v>cached</v></c>)"                   // formula: cached value
        R"(</row><row r="3"><c t="s"><v>1</v></c><c><v>13800001111</v></c></row>)";  // no r: next column
    const std::vector<std::string> shared = {"<r><t>林</t></r>", "plain"};
    // Shared string 0 is rich text: write the <si> by hand.
    auto parts = WorkbookParts(data, {});
    for (auto& p : parts) {
        if (p.name == "xl/sharedStrings.xml") {
            p.data = R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
                     R"(<si><r><rPr><b/></rPr><t>林</t></r><r><t xml:space="preserve">晓 </t></r><rPh sb="0" eb="1"><t>lin</t></rPh></si>)"
                     R"(<si><t>plain</t></si></sst>)";
        }
    }
    parts.push_back({"xl/styles.xml", kStyles});
    const auto rows = ParseXlsx(BuildZip(parts), inflater);
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].line, 2);
    EXPECT_EQ((*rows)[0].fields, (Fields{"林晓 ", "中文&", "2014-01-01", "2014-01-02", "41640", "2.5", "TRUE", "", "cached"}));
    EXPECT_EQ((*rows)[1].fields, (Fields{"plain", "13800001111"}));
}

TEST(Xlsx, ReadsAWorkbookFromAnotherZipWriter) {
    // Written by Python's zipfile (tests/fuzz/corpus, also the fuzzer's seeds): deflated and
    // stored, with a 年月日 date, a formula, a phonetic hint, a skipped row and an invalid date.
    store::ZlibInflater inflater;
    for (const char* name : {"book.xlsx", "book-stored.xlsx"}) {
        std::ifstream in(std::string(XINQIAO_TEST_CORPUS) + "/" + name, std::ios::binary);
        ASSERT_TRUE(in) << name;
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto rows = ParseXlsx(bytes, inflater);
        ASSERT_TRUE(rows) << name << ": " << rows.error().message;
        ASSERT_EQ(rows->size(), 3u) << name;
        EXPECT_EQ((*rows)[0].fields, (Fields{"姓名", "性别", "出生日期", "学籍号", "年级", "班级", "监护人电话"}));
        EXPECT_EQ((*rows)[1].fields, (Fields{"林晓", "女", "2014-03-08", "S1", "七年级", "1班", "13812345678"}));
        EXPECT_EQ((*rows)[2].line, 4);
        EXPECT_EQ((*rows)[2].fields, (Fields{"王五", "男", "2014-02-30", "TRUE", ""}));
    }
}

TEST(Xlsx, HonoursThe1904DateSystemAndStoredParts) {
    store::ZlibInflater inflater;
    auto parts = WorkbookParts(R"(<row r="1"><c r="A1" s="1"><v>40178</v></c></row>)", {}, kStyles, /*date1904=*/true);
    for (auto& p : parts) p.deflate = false;  // "store" rather than "deflate", as some exporters do
    const auto rows = ParseXlsx(BuildZip(parts), inflater);
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].fields, (Fields{"2014-01-01"}));
}

TEST(Xlsx, SerialDatesMatchExcel) {
    using core::roster::ExcelSerialDate;
    EXPECT_EQ(ExcelSerialDate(1, false), "1900-01-01");
    EXPECT_EQ(ExcelSerialDate(59, false), "1900-02-28");
    EXPECT_EQ(ExcelSerialDate(60, false), "") << "Excel's phantom 1900-02-29";
    EXPECT_EQ(ExcelSerialDate(61, false), "1900-03-01");
    EXPECT_EQ(ExcelSerialDate(41333, false), "2013-02-28");
    EXPECT_EQ(ExcelSerialDate(2958465, false), "9999-12-31");
    EXPECT_EQ(ExcelSerialDate(2958466, false), "");
    EXPECT_EQ(ExcelSerialDate(0, false), "");
    EXPECT_EQ(ExcelSerialDate(1, true), "1904-01-02");
    EXPECT_EQ(core::roster::ColumnIndex("A"), 0);
    EXPECT_EQ(core::roster::ColumnIndex("z"), 25);
    EXPECT_EQ(core::roster::ColumnIndex("AA"), 26);
    EXPECT_EQ(core::roster::ColumnIndex("XFD"), 16383);
    EXPECT_EQ(core::roster::ColumnIndex("XFE"), -1);
    EXPECT_EQ(core::roster::ColumnIndex("A1"), -1);
}

std::string Flip(std::string s, std::size_t at) {
    s[at] = static_cast<char>(s[at] ^ 0x20);
    return s;
}

TEST(Xlsx, DamagedOrHostileWorkbooksGetAPlainErrorNamingTheProblem) {
    store::ZlibInflater inflater;
    const std::string good = BuildWorkbook({{"姓名"}, {"林晓"}});
    auto stored = WorkbookParts(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>Hello</t></is></c></row>)", {});
    for (auto& p : stored) p.deflate = false;
    const std::string stored_book = BuildZip(stored);
    const std::size_t hello = stored_book.find("Hello");
    ASSERT_NE(hello, std::string::npos);
    std::string encrypted = good;
    encrypted[encrypted.find(std::string("PK\x01\x02", 4)) + 8] = 1;  // general-purpose flag bit 0

    const auto with_sheet = [](const std::string& data, std::vector<std::string> shared = {}) {
        return BuildZip(WorkbookParts(data, shared));
    };
    const struct {
        std::string name;
        std::string bytes;
        const char* expected;
    } kCases[] = {
        {"empty", "", "not a complete .xlsx workbook"},
        {"not a zip", "PK\x03\x04 this is not really a zip file, just its first bytes", "not a complete .xlsx workbook"},
        {"cut short", good.substr(0, good.size() / 2), "not a complete .xlsx workbook"},
        {"checksum", Flip(stored_book, hello), "checksum mismatch"},
        {"encrypted", encrypted, "encrypted; save it without a password"},
        {"no workbook", BuildZip({{"hello.txt", "hi"}}), "not an .xlsx workbook"},
        {"missing sheet", BuildZip({{"xl/workbook.xml", R"(<workbook><sheets><sheet r:id="rId1"/></sheets></workbook>)"},
                                    {"xl/_rels/workbook.xml.rels", R"(<Relationships><Relationship Id="rId1" Target="worksheets/gone.xml"/></Relationships>)"}}),
         "lacks its part xl/worksheets/gone.xml"},
        {"too many columns", with_sheet(R"(<row r="1"><c r="GS1"><v>1</v></c></row>)"), "row 1 has more than 200 columns"},
        {"bad reference", with_sheet(R"(<row r="1"><c r="11"><v>1</v></c></row>)"), "malformed cell reference on row 1"},
        {"cells out of order", with_sheet(R"(<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>)"),
         "cells are out of order on row 1"},
        {"rows out of order", with_sheet(R"(<row r="5"/><row r="3"/>)"), "rows are out of order"},
        {"missing string", with_sheet(R"(<row r="2"><c r="A2" t="s"><v>7</v></c></row>)", {"a"}),
         "row 2 refers to a missing shared string"},
        {"unclosed tag", with_sheet(R"(<row r="1"><c r="A1")"), ""},
        {"bad entity", with_sheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>&bogus;</t></is></c></row>)"), ""},
        {"bad text", with_sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xFF</t></is></c></row>"), "row 1 is not valid text"},
        {"too large", BuildZip({{"xl/worksheets/sheet1.xml", std::string((1 << 20) + 1, ' ')}}),
         "too large once unpacked"},
        {"too large in all", BuildZip(WorkbookParts(std::string(600 << 10, ' '), {std::string(600 << 10, 'x')})),
         "too large once unpacked"},
    };
    for (const auto& c : kCases) {
        const auto r = ParseXlsx(c.bytes, inflater, 200, /*max_inflated_bytes=*/1 << 20);
        ASSERT_FALSE(r) << c.name;
        EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << c.name;
        EXPECT_EQ(r.error().field, "file") << c.name;
        EXPECT_NE(r.error().message.find(c.expected), std::string::npos) << c.name << ": " << r.error().message;
    }
}

TEST(Xlsx, TheInflaterStopsAtItsLimitAndRejectsGarbage) {
    store::ZlibInflater inflater;
    const std::string bomb = store::DeflateRaw(std::string(1 << 20, '\0'));
    EXPECT_LT(bomb.size(), 2000u);
    const auto big = inflater.Inflate(bomb, 1000);
    ASSERT_FALSE(big);
    EXPECT_NE(big.error().message.find("too large"), std::string::npos);
    const auto ok = inflater.Inflate(bomb, 1 << 20);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->size(), 1u << 20);
    EXPECT_FALSE(inflater.Inflate("\xFF\xFF\xFF garbage", 1000));
    EXPECT_FALSE(inflater.Inflate(bomb.substr(0, bomb.size() / 2), 1 << 20)) << "truncated stream";
}

}  // namespace
}  // namespace xinqiao::testing
