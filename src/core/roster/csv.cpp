#include "core/roster/csv.hpp"

#include "core/common/text.hpp"

namespace xinqiao::core::roster {

Result<std::vector<CsvRow>> ParseCsv(std::string_view text, std::size_t max_fields) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (!IsValidUtf8(text)) return Error::InvalidArgument("the file is not valid UTF-8 text", "file");
    std::vector<CsvRow> rows;
    CsvRow row;
    std::string field;
    int line = 1;
    row.line = 1;
    bool in_quotes = false, field_was_quoted = false, after_quote = false;
    const auto bad = [&](const std::string& why) {
        return Error::InvalidArgument("line " + std::to_string(line) + ": " + why, "file");
    };
    const auto end_field = [&]() -> Status {
        if (row.fields.size() >= max_fields) return bad("more than " + std::to_string(max_fields) + " columns");
        row.fields.push_back(std::move(field));
        field.clear();
        field_was_quoted = after_quote = false;
        return Ok();
    };
    const auto end_row = [&]() {
        bool blank = true;
        for (const auto& f : row.fields) blank = blank && TrimAscii(f).empty();
        if (!blank) rows.push_back(std::move(row));
        row = CsvRow{};
        row.line = line;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    in_quotes = false;
                    after_quote = true;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == ',') {
            XINQIAO_RETURN_IF_ERROR(end_field());
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            XINQIAO_RETURN_IF_ERROR(end_field());
            ++line;
            end_row();
        } else if (c == '"') {
            if (!field.empty() || field_was_quoted) return bad("a quote inside an unquoted field");
            in_quotes = field_was_quoted = true;
        } else {
            if (after_quote) return bad("text after a closing quote");
            field += c;
        }
    }
    if (in_quotes) return bad("a quoted field is never closed");
    if (!field.empty() || !row.fields.empty() || field_was_quoted) {
        XINQIAO_RETURN_IF_ERROR(end_field());
        end_row();
    }
    return rows;
}

}  // namespace xinqiao::core::roster
