#pragma once
// The SpreadsheetWriter port as Office Open XML (.xlsx): a ZIP of deflated XML parts, text in
// inline strings, so a teacher's spreadsheet program opens an export directly.

#include <string>
#include <vector>

#include "core/ports/spreadsheet_writer.hpp"

namespace xinqiao::store {

struct ZipPart {
    std::string name;
    std::string data;
    bool deflate = true;
};

// `s` with &, <, > and " escaped for XML text and attribute values.
std::string XmlEscape(const std::string& s);
// Spreadsheet column letters: 0 -> "A", 25 -> "Z", 26 -> "AA".
std::string ColumnLetters(std::size_t index);

// A ZIP archive of `parts` (stored or deflated, CRC-32 from zlib), in order.
std::string BuildZip(const std::vector<ZipPart>& parts);

class XlsxWriter final : public core::ports::SpreadsheetWriter {
public:
    std::string Write(const std::vector<core::ports::Sheet>& sheets) override;
};

}  // namespace xinqiao::store
