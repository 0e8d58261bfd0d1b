// libFuzzer target for the roster reader: any bytes go through the CSV parser and, when they
// parse, through the student-row checks. Beyond "no crash, no sanitizer report" it checks the
// reader's promise: every data row is either accepted or reported, never both, never lost.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "core/roster/student_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace xinqiao::core;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto rows = roster::ParseCsv(text);
    if (!rows) return 0;
    auto parsed = roster::ParseStudentRoster(*rows, Date{2026, 11, 22});
    if (!parsed) return 0;
    std::set<int> reported;
    for (const auto& p : parsed->problems) reported.insert(p.line);
    for (const auto& r : parsed->rows) {
        if (reported.count(r.line)) std::abort();  // accepted and reported
    }
    if (parsed->rows.size() + reported.size() != static_cast<std::size_t>(parsed->data_rows)) std::abort();
    return 0;
}
