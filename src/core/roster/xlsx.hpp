#pragma once
// The first worksheet of an .xlsx workbook (Office Open XML, as Excel, WPS and LibreOffice save
// it) as rows of text, the same rows ParseCsv gives, so one roster reader serves both.
//
// What it reads: the ZIP container (stored or deflated entries, inflated through the Inflater
// port), the workbook's first sheet in tab order, shared strings (rich text runs joined,
// phonetic runs skipped), inline strings, numbers as written, booleans, and numbers in a date
// format (built-in or custom) as YYYY-MM-DD in the workbook's 1900 or 1904 date system.
// Formula cells give their cached value. Blank rows are skipped; a row's line is its number in
// the sheet.
//
// Limits against hostile files: at most `max_inflated_bytes` inflated in all (256 MiB by default:
// a county's 100,000-student workbook unpacks to about 60 MiB), 10,000 ZIP entries, `max_fields`
// columns (column letters beyond that are an error, not a silent drop). Every malformed input
// is kInvalidArgument with field "file" and a plain message; nothing is ever read outside the
// buffer.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.hpp"
#include "core/ports/inflater.hpp"
#include "core/roster/csv.hpp"

namespace xinqiao::core::roster {

inline constexpr std::size_t kMaxXlsxInflatedBytes = 256u << 20;

// True if `bytes` start like a ZIP file (every .xlsx does; CSV never does).
bool LooksLikeXlsx(std::string_view bytes);

Result<std::vector<CsvRow>> ParseXlsx(std::string_view bytes, ports::Inflater& inflater,
                                      std::size_t max_fields = 200,
                                      std::size_t max_inflated_bytes = kMaxXlsxInflatedBytes);

// "A" -> 0, "Z" -> 25, "AA" -> 26; -1 for anything else or beyond "XFD" (Excel's last column).
int ColumnIndex(std::string_view letters);

// An Excel serial day number (1900 system with its phantom 1900-02-29, or 1904 system) as
// YYYY-MM-DD; "" if out of the range 1..2958465.
std::string ExcelSerialDate(double serial, bool date1904);

}  // namespace xinqiao::core::roster
