#pragma once
// CSV as spreadsheets write it (RFC 4180): comma-separated, fields optionally in double quotes
// with "" for a quote and line breaks allowed inside quotes, CRLF or LF line ends, a UTF-8 byte
// order mark ignored. Input must already be UTF-8 (see store/roster_file.hpp for GBK files).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.hpp"

namespace xinqiao::core::roster {

struct CsvRow {
    int line = 0;  // 1-based line where the row starts
    std::vector<std::string> fields;
};

// Every non-blank row. kInvalidArgument naming the line for an unterminated quote, a quote in
// the middle of an unquoted field, more than `max_fields` fields, or invalid UTF-8.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text, std::size_t max_fields = 200);

}  // namespace xinqiao::core::roster
