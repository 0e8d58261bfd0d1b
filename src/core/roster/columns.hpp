#pragma once
// The columns of a roster table, found by their headers (any order, several accepted spellings),
// shared by the student and the staff roster readers.

#include <array>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.hpp"
#include "core/common/text.hpp"
#include "core/roster/csv.hpp"

namespace xinqiao::core::roster {

template <typename Col>
struct ColumnSpec {
    Col col;
    std::array<std::string_view, 4> names;  // the first is the name used in messages
};

template <typename Col>
class Columns {
public:
    // The columns named in the first row. kInvalidArgument (field "file") for an empty table or
    // a header row that lacks a required column (all missing ones are named).
    static Result<Columns> FromHeader(const std::vector<CsvRow>& rows, std::span<const ColumnSpec<Col>> specs,
                                      std::span<const Col> required) {
        if (rows.empty()) return Error::InvalidArgument("the file is empty", "file");
        Columns c;
        const auto& header = rows.front().fields;
        for (std::size_t i = 0; i < header.size(); ++i) {
            const std::string_view cell = TrimAscii(header[i]);
            for (const auto& spec : specs) {
                for (auto name : spec.names) {
                    if (!name.empty() && cell == name && !c.where_.count(spec.col)) {
                        c.where_[spec.col] = i;
                        c.text_[spec.col] = std::string(cell);
                    }
                }
            }
        }
        std::string missing;
        for (Col col : required) {
            if (c.where_.count(col)) continue;
            for (const auto& spec : specs) {
                if (spec.col == col) missing += (missing.empty() ? "" : "、") + std::string(spec.names[0]);
            }
        }
        if (!missing.empty()) return Error::InvalidArgument("the header row lacks the columns " + missing, "file");
        return c;
    }

    // The trimmed cell of `col` in `row`; "" if the column or the cell is absent.
    std::string Cell(const CsvRow& row, Col col) const {
        const auto it = where_.find(col);
        if (it == where_.end() || it->second >= row.fields.size()) return {};
        return std::string(TrimAscii(row.fields[it->second]));
    }
    // The header of `col` as the file writes it ("" if absent), for problem reports.
    std::string Header(Col col) const {
        const auto it = text_.find(col);
        return it == text_.end() ? std::string() : it->second;
    }

private:
    std::map<Col, std::size_t> where_;
    std::map<Col, std::string> text_;
};

// A CSV file holding only the header row (the first name of every column), with a UTF-8 byte
// order mark so that Excel opens it as UTF-8: the template users download and fill in.
template <typename Col>
std::string TemplateCsv(std::span<const ColumnSpec<Col>> specs) {
    std::string out = "\xEF\xBB\xBF";
    for (std::size_t i = 0; i < specs.size(); ++i) {
        if (i) out += ',';
        out += specs[i].names[0];
    }
    return out + "\r\n";
}

}  // namespace xinqiao::core::roster
