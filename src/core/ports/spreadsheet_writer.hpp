#pragma once
// Writing spreadsheets for export: the service layer hands over sheets of cells; store/ writes
// them as an .xlsx workbook.

#include <string>
#include <vector>

namespace xinqiao::core::ports {

struct SheetCell {
    std::string text;
    bool number = false;  // a decimal number, written as a number cell
};

struct Sheet {
    std::string name;  // tab name: at most 31 characters; brackets, colon, star, question mark and slashes are dropped
    std::vector<std::vector<SheetCell>> rows;
};

class SpreadsheetWriter {
public:
    virtual ~SpreadsheetWriter() = default;
    // The bytes of a workbook holding `sheets` in order. Thread-safe.
    virtual std::string Write(const std::vector<Sheet>& sheets) = 0;
};

}  // namespace xinqiao::core::ports
