// libFuzzer target for the roster readers (students and staff). Any bytes go through the reader a school's file would
// take: an .xlsx workbook if they start like a ZIP; a worksheet if they start with '<' (wrapped
// into a workbook here, so mutations reach the XML reader rather than dying in DEFLATE); CSV
// otherwise. Rows that parse go through the student-row checks. Beyond "no crash, no sanitizer
// report" it checks the reader's promise: every data row is either accepted or reported, never
// both, never lost.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "core/roster/staff_import.hpp"
#include "core/roster/student_import.hpp"
#include "core/roster/xlsx.hpp"
#include "store/zlib_inflater.hpp"
#include "support/xlsx_builder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace xinqiao::core;
    static xinqiao::store::ZlibInflater inflater;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    Result<std::vector<roster::CsvRow>> rows = Error::Internal("unset");
    if (roster::LooksLikeXlsx(text)) {
        rows = roster::ParseXlsx(text, inflater);
    } else if (!text.empty() && text.front() == '<') {
        auto parts = xinqiao::testing::WorkbookParts(std::string(text), {"姓名", "学籍号", "2014-03-08"},
                                                     R"(<styleSheet><cellXfs><xf/><xf numFmtId="14"/></cellXfs></styleSheet>)");
        for (auto& p : parts) p.deflate = false;
        rows = roster::ParseXlsx(xinqiao::testing::BuildZip(parts), inflater);
    } else {
        rows = roster::ParseCsv(text);
    }
    if (!rows) {
        if (rows.error().code != ErrorCode::kInvalidArgument) std::abort();  // bad input is the sender's error
        return 0;
    }
    for (const auto& row : *rows) {
        if (row.line < 1) std::abort();
    }
    // Both readers keep the promise: every row accepted or reported, never both, never lost.
    const auto check = [](const auto& parsed) {
        std::set<int> reported;
        for (const auto& p : parsed.problems) reported.insert(p.line);
        for (const auto& r : parsed.rows) {
            if (reported.count(r.line)) std::abort();  // accepted and reported
        }
        if (parsed.rows.size() + reported.size() != static_cast<std::size_t>(parsed.data_rows)) std::abort();
    };
    if (auto students = roster::ParseStudentRoster(*rows, Date{2026, 11, 22})) check(*students);
    if (auto staff = roster::ParseStaffRoster(*rows)) {
        check(*staff);
        for (const auto& r : staff->rows) {
            if (r.roles.empty() || r.login.size() < 3) std::abort();
        }
    }
    return 0;
}
