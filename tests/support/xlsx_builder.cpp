#include "support/xlsx_builder.hpp"

#include <cstdint>
#include <map>

#include "store/xlsx_writer.hpp"

namespace xinqiao::testing {
using store::ColumnLetters;

std::string Escape(const std::string& s) { return store::XmlEscape(s); }

std::vector<ZipPart> WorkbookParts(const std::string& sheet_data, const std::vector<std::string>& shared_strings,
                                   const std::string& styles_xml, bool date1904) {
    const std::string ns = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
                           R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
    std::vector<ZipPart> parts;
    parts.push_back({"[Content_Types].xml",
                     R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
                     R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
                     R"(<Default Extension="xml" ContentType="application/xml"/></Types>)"});
    parts.push_back({"_rels/.rels",
                     R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
                     R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>)"
                     R"(</Relationships>)"});
    // Two sheets, the roster first in tab order but second in the relationships, as happens
    // after a user reorders tabs.
    parts.push_back({"xl/workbook.xml", R"(<?xml version="1.0" encoding="UTF-8"?><workbook )" + ns + ">" +
                                            (date1904 ? R"(<workbookPr date1904="1"/>)" : "<workbookPr/>") +
                                            R"(<sheets><sheet name="学生名单" sheetId="2" r:id="rId2"/>)"
                                            R"(<sheet name="说明" sheetId="1" r:id="rId1"/></sheets></workbook>)"});
    parts.push_back({"xl/_rels/workbook.xml.rels",
                     R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
                     R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
                     R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>)"
                     R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
                     R"(<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)"
                     R"(</Relationships>)"});
    parts.push_back({"xl/worksheets/sheet1.xml", R"(<?xml version="1.0"?><worksheet )" + ns +
                                                     R"(><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>请勿导入此页</t></is></c></row></sheetData></worksheet>)"});
    parts.push_back({"xl/worksheets/sheet2.xml",
                     R"(<?xml version="1.0"?><worksheet )" + ns + "><sheetData>" + sheet_data + "</sheetData></worksheet>"});
    std::string sst = R"(<?xml version="1.0"?><sst )" + ns + " count=\"" + std::to_string(shared_strings.size()) + "\">";
    for (const auto& s : shared_strings) sst += "<si><t xml:space=\"preserve\">" + Escape(s) + "</t></si>";
    sst += "</sst>";
    parts.push_back({"xl/sharedStrings.xml", sst});
    if (!styles_xml.empty()) parts.push_back({"xl/styles.xml", styles_xml});
    return parts;
}

std::string BuildWorkbook(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::string> strings;
    std::map<std::string, std::size_t> index;  // Excel stores each distinct string once
    std::string data;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::string n = std::to_string(r + 1);
        data += "<row r=\"" + n + "\">";
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            if (rows[r][c].empty()) continue;  // Excel writes no element for an empty cell
            const auto [it, fresh] = index.emplace(rows[r][c], strings.size());
            if (fresh) strings.push_back(rows[r][c]);
            data += "<c r=\"" + ColumnLetters(c) + n + "\" t=\"s\"><v>" + std::to_string(it->second) + "</v></c>";
        }
        data += "</row>";
    }
    return BuildZip(WorkbookParts(data, strings));
}

}  // namespace xinqiao::testing
