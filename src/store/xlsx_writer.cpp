#include "store/xlsx_writer.hpp"

#include <zlib.h>

#include <cstdint>

#include "store/zlib_inflater.hpp"

namespace xinqiao::store {
namespace {

void Put(std::string& out, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
}

constexpr const char* kMainNs =
    R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
constexpr const char* kRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr const char* kOfficeRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// Tab names: no []:*?/\, at most 31 characters (bytes here; names are short).
std::string TabName(const std::string& name, std::size_t index) {
    std::string out;
    for (char c : name) {
        if (std::string_view("[]:*?/\\").find(c) == std::string_view::npos) out.push_back(c);
    }
    if (out.empty()) out = "Sheet" + std::to_string(index + 1);
    while (out.size() > 31) {
        // Cut at a UTF-8 boundary.
        out.pop_back();
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
        if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80)) out.pop_back();
    }
    return out;
}

std::string SheetXml(const core::ports::Sheet& sheet) {
    std::string data;
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
        const std::string n = std::to_string(r + 1);
        data += "<row r=\"" + n + "\">";
        for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
            const auto& cell = sheet.rows[r][c];
            if (cell.text.empty()) continue;
            const std::string ref = ColumnLetters(c) + n;
            if (cell.number) {
                data += "<c r=\"" + ref + "\"><v>" + XmlEscape(cell.text) + "</v></c>";
            } else {
                data += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" + XmlEscape(cell.text) +
                        "</t></is></c>";
            }
        }
        data += "</row>";
    }
    return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet )") + kMainNs +
           "><sheetData>" + data + "</sheetData></worksheet>";
}

}  // namespace

std::string XmlEscape(const std::string& s) {
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

std::string XlsxWriter::Write(const std::vector<core::ports::Sheet>& sheets) {
    std::string types = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
                        R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
                        R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
                        R"(<Default Extension="xml" ContentType="application/xml"/>)"
                        R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)";
    std::string listed, rels;
    std::vector<ZipPart> parts;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        types += R"(<Override PartName="/xl/worksheets/sheet)" + n +
                 R"(.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)";
        listed += "<sheet name=\"" + XmlEscape(TabName(sheets[i].name, i)) + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
        rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + std::string(kOfficeRel) +
                "/worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
    }
    types += "</Types>";
    parts.push_back({"[Content_Types].xml", types});
    parts.push_back({"_rels/.rels", std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns=")") +
                                        kRelNs + R"("><Relationship Id="rId1" Type=")" + kOfficeRel +
                                        R"(/officeDocument" Target="xl/workbook.xml"/></Relationships>)"});
    parts.push_back({"xl/workbook.xml", std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook )") +
                                            kMainNs + "><sheets>" + listed + "</sheets></workbook>"});
    parts.push_back({"xl/_rels/workbook.xml.rels",
                     std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns=")") +
                         kRelNs + "\">" + rels + "</Relationships>"});
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        parts.push_back({"xl/worksheets/sheet" + std::to_string(i + 1) + ".xml", SheetXml(sheets[i])});
    }
    return BuildZip(parts);
}

}  // namespace xinqiao::store
