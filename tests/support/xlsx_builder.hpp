#pragma once
// Builds .xlsx workbooks for tests, byte for byte the way spreadsheet programs lay them out:
// a ZIP of XML parts, each stored or deflated, with a correct CRC-32 (from zlib, so the
// reader's own checksum is checked against an independent one).

#include <string>
#include <vector>

#include "store/xlsx_writer.hpp"

namespace xinqiao::testing {

using store::BuildZip;
using store::ZipPart;

// The parts of a minimal workbook whose first sheet is `sheet_xml` (the <sheetData> content),
// with `shared_strings` as the shared string table and `styles_xml` as xl/styles.xml ("" for
// none).
std::vector<ZipPart> WorkbookParts(const std::string& sheet_data, const std::vector<std::string>& shared_strings,
                                   const std::string& styles_xml = "", bool date1904 = false);

// A workbook whose first sheet holds `rows`, every cell a shared string (how Excel saves a
// roster whose columns are formatted as text).
std::string BuildWorkbook(const std::vector<std::vector<std::string>>& rows);

}  // namespace xinqiao::testing
