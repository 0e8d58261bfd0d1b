#include "support/xlsx_builder.hpp"

#include <zlib.h>

#include <cstdint>
#include <map>

#include "store/inflater.hpp"

namespace xinqiao::testing {
namespace {

void Put(std::string& out, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
}

std::string Escape(const std::string& s) {
    std::string out;
    for (const char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

std::string ColumnLetters(std::size_t index) {
    std::string letters;
    ++index;
    while (index > 0) {
        letters.insert(letters.begin(), static_cast<char>('A' + (index - 1) % 26));
        index = (index - 1) / 26;
    }
    return letters;
}

}  // namespace

std::string BuildZip(const std::vector<ZipPart>& parts) {
    std::string out, directory;
    for (const auto& p : parts) {
        const std::string body = p.deflate ? store::DeflateRaw(p.data) : p.data;
        const auto crc = static_cast<std::uint32_t>(
            crc32(0, reinterpret_cast<const Bytef*>(p.data.data()), static_cast<uInt>(p.data.size())));
        const auto offset = static_cast<std::uint32_t>(out.size());
        const std::uint16_t method = p.deflate ? 8 : 0;
        Put(out, 0x04034b50, 4);
        Put(out, 20, 2);  // version needed
        Put(out, 0, 2);   // flags
        Put(out, method, 2);
        Put(out, 0, 4);  // time, date
        Put(out, crc, 4);
        Put(out, static_cast<std::uint32_t>(body.size()), 4);
        Put(out, static_cast<std::uint32_t>(p.data.size()), 4);
        Put(out, static_cast<std::uint32_t>(p.name.size()), 2);
        Put(out, 0, 2);
        out += p.name;
        out += body;

        Put(directory, 0x02014b50, 4);
        Put(directory, 20, 2);  // version made by
        Put(directory, 20, 2);  // version needed
        Put(directory, 0, 2);
        Put(directory, method, 2);
        Put(directory, 0, 4);
        Put(directory, crc, 4);
        Put(directory, static_cast<std::uint32_t>(body.size()), 4);
        Put(directory, static_cast<std::uint32_t>(p.data.size()), 4);
        Put(directory, static_cast<std::uint32_t>(p.name.size()), 2);
        Put(directory, 0, 2);  // extra
        Put(directory, 0, 2);  // comment
        Put(directory, 0, 2);  // disk
        Put(directory, 0, 2);  // internal attributes
        Put(directory, 0, 4);  // external attributes
        Put(directory, offset, 4);
        directory += p.name;
    }
    const auto dir_offset = static_cast<std::uint32_t>(out.size());
    out += directory;
    Put(out, 0x06054b50, 4);
    Put(out, 0, 2);
    Put(out, 0, 2);
    Put(out, static_cast<std::uint32_t>(parts.size()), 2);
    Put(out, static_cast<std::uint32_t>(parts.size()), 2);
    Put(out, static_cast<std::uint32_t>(directory.size()), 4);
    Put(out, dir_offset, 4);
    Put(out, 0, 2);
    return out;
}

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
