#include "core/roster/xlsx.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "core/common/text.hpp"

namespace xinqiao::core::roster {
namespace {

Error Bad(std::string message) { return Error::InvalidArgument(std::move(message), "file"); }
Error TooLarge() { return Bad("the workbook is too large once unpacked; split it into several files"); }

// A part's name for a message: part names come from the file, so only plain ones are repeated.
std::string PartName(std::string_view name) {
    bool plain = !name.empty() && name.size() <= 64;
    for (char c : name) {
        plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                          c == '.' || c == '_' || c == '-');
    }
    return plain ? std::string(name) : std::string("(unnamed)");
}

// ---- ZIP -----------------------------------------------------------------------------------

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::size_t kMaxEntries = 10000;

std::uint32_t Le(std::string_view b, std::size_t at, int bytes) {
    std::uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
    return v;
}

// CRC-32 as ZIP uses it (IEEE 802.3, reflected, polynomial 0xEDB88320).
std::uint32_t Crc32(std::string_view data) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t crc = 0xFFFFFFFFu;
    for (const char ch : data) crc = table[(crc ^ static_cast<unsigned char>(ch)) & 0xFFu] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

struct ZipEntry {
    std::uint16_t method = 0;
    std::uint32_t crc = 0;
    std::uint32_t compressed = 0;
    std::uint32_t size = 0;
    std::uint32_t local_offset = 0;
};

class Zip {
public:
    static Result<Zip> Open(std::string_view bytes) {
        // The end-of-directory record sits in the last 22 bytes plus a comment of up to 64 KiB.
        if (bytes.size() < 22) return Bad("the file is not a complete .xlsx workbook");
        const std::size_t lowest = bytes.size() > 22 + 65535 ? bytes.size() - 22 - 65535 : 0;
        std::optional<std::size_t> eocd;
        for (std::size_t at = bytes.size() - 22 + 1; at-- > lowest;) {
            if (Le(bytes, at, 4) == kEndOfDirectory) {
                eocd = at;
                break;
            }
        }
        if (!eocd) return Bad("the file is not a complete .xlsx workbook");
        const std::size_t count = Le(bytes, *eocd + 10, 2);
        const std::size_t dir_size = Le(bytes, *eocd + 12, 4);
        const std::size_t dir_offset = Le(bytes, *eocd + 16, 4);
        if (count > kMaxEntries) return Bad("the workbook has too many parts");
        if (dir_offset > bytes.size() || dir_size > bytes.size() - dir_offset) {
            return Bad("the workbook's table of contents is damaged");
        }
        Zip zip(bytes);
        std::size_t at = dir_offset;
        for (std::size_t i = 0; i < count; ++i) {
            if (at > bytes.size() || bytes.size() - at < 46 || Le(bytes, at, 4) != kCentralHeader) {
                return Bad("the workbook's table of contents is damaged");
            }
            ZipEntry e;
            const std::uint16_t flags = static_cast<std::uint16_t>(Le(bytes, at + 8, 2));
            e.method = static_cast<std::uint16_t>(Le(bytes, at + 10, 2));
            e.crc = Le(bytes, at + 16, 4);
            e.compressed = Le(bytes, at + 20, 4);
            e.size = Le(bytes, at + 24, 4);
            const std::size_t name_len = Le(bytes, at + 28, 2);
            const std::size_t extra_len = Le(bytes, at + 30, 2);
            const std::size_t comment_len = Le(bytes, at + 32, 2);
            e.local_offset = Le(bytes, at + 42, 4);
            if (bytes.size() - at - 46 < name_len + extra_len + comment_len) {
                return Bad("the workbook's table of contents is damaged");
            }
            if (flags & 1) return Bad("the workbook is encrypted; save it without a password");
            zip.entries_.emplace(std::string(bytes.substr(at + 46, name_len)), e);
            at += 46 + name_len + extra_len + comment_len;
        }
        return zip;
    }

    bool Has(const std::string& name) const { return entries_.count(name) != 0; }

    Result<std::string> Read(const std::string& name, ports::Inflater& inflater, std::size_t& budget) const {
        const auto it = entries_.find(name);
        if (it == entries_.end()) return Bad("the workbook lacks its part " + PartName(name));
        const ZipEntry& e = it->second;
        const std::size_t at = e.local_offset;
        if (at > bytes_.size() || bytes_.size() - at < 30 || Le(bytes_, at, 4) != kLocalHeader) {
            return Bad("the workbook's part " + PartName(name) + " is damaged");
        }
        const std::size_t data = at + 30 + Le(bytes_, at + 26, 2) + Le(bytes_, at + 28, 2);
        if (data > bytes_.size() || bytes_.size() - data < e.compressed) {
            return Bad("the workbook's part " + PartName(name) + " is cut short");
        }
        const std::string_view raw = bytes_.substr(data, e.compressed);
        if (e.size > budget) return TooLarge();
        std::string out;
        if (e.method == 0) {
            out = std::string(raw);
        } else if (e.method == 8) {
            XINQIAO_ASSIGN_OR_RETURN(out, inflater.Inflate(raw, budget));
        } else {
            return Bad("the workbook uses a compression method this reader does not know");
        }
        if (out.size() > budget) return TooLarge();
        if (out.size() != e.size || Crc32(out) != e.crc) {
            return Bad("the workbook's part " + PartName(name) + " is damaged (checksum mismatch)");
        }
        budget -= out.size();
        return out;
    }

private:
    explicit Zip(std::string_view bytes) : bytes_(bytes) {}
    std::string_view bytes_;
    std::map<std::string, ZipEntry> entries_;
};

// ---- XML -----------------------------------------------------------------------------------

// One step through an XML document: a start tag (possibly self-closing), an end tag, or text.
// Comments, processing instructions, doctype and CDATA are handled; names lose their prefix
// ("x:row" is "row").
struct XmlToken {
    enum Kind { kStart, kEnd, kText, kDone } kind = kDone;
    std::string_view name;
    std::string_view attributes;  // raw, for Attribute()
    bool self_closing = false;
    std::string text;  // decoded, for kText
};

std::string_view LocalName(std::string_view name) {
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Appends `cp` as UTF-8; false for a code point XML does not allow.
bool AppendCodePoint(std::string& out, std::uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return true;
}

Result<std::string> DecodeEntities(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        const auto semi = s.find(';', i);
        if (semi == std::string_view::npos || semi - i > 12) return Bad("the workbook holds malformed XML");
        const std::string_view ref = s.substr(i + 1, semi - i - 1);
        if (ref == "amp") out += '&';
        else if (ref == "lt") out += '<';
        else if (ref == "gt") out += '>';
        else if (ref == "quot") out += '"';
        else if (ref == "apos") out += '\'';
        else if (ref.size() > 1 && ref[0] == '#') {
            const bool hex = ref[1] == 'x' || ref[1] == 'X';
            const std::string_view digits = ref.substr(hex ? 2 : 1);
            std::uint32_t cp = 0;
            const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
            if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || !AppendCodePoint(out, cp)) {
                return Bad("the workbook holds malformed XML");
            }
        } else {
            return Bad("the workbook holds malformed XML");
        }
        i = semi;
    }
    return out;
}

class XmlReader {
public:
    explicit XmlReader(std::string_view doc) : doc_(doc) {}

    Result<XmlToken> Next() {
        XmlToken t;
        while (true) {
            if (pos_ >= doc_.size()) return t;  // kDone
            if (doc_[pos_] != '<') {
                const auto lt = doc_.find('<', pos_);
                const std::string_view raw = doc_.substr(pos_, lt == std::string_view::npos ? doc_.npos : lt - pos_);
                pos_ = lt == std::string_view::npos ? doc_.size() : lt;
                t.kind = XmlToken::kText;
                XINQIAO_ASSIGN_OR_RETURN(t.text, DecodeEntities(raw));
                return t;
            }
            if (doc_.substr(pos_, 4) == "<!--") {
                XINQIAO_RETURN_IF_ERROR(Skip("-->"));
                continue;
            }
            if (doc_.substr(pos_, 9) == "<![CDATA[") {
                const auto end = doc_.find("]]>", pos_ + 9);
                if (end == std::string_view::npos) return Bad("the workbook holds malformed XML");
                t.kind = XmlToken::kText;
                t.text = std::string(doc_.substr(pos_ + 9, end - pos_ - 9));
                pos_ = end + 3;
                return t;
            }
            if (doc_.substr(pos_, 2) == "<?" || doc_.substr(pos_, 2) == "<!") {
                XINQIAO_RETURN_IF_ERROR(Skip(">"));
                continue;
            }
            // A tag; attribute values may hold '>' only when quoted.
            std::size_t end = pos_ + 1;
            char quote = 0;
            for (; end < doc_.size(); ++end) {
                const char c = doc_[end];
                if (quote) {
                    if (c == quote) quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    break;
                }
            }
            if (end >= doc_.size()) return Bad("the workbook holds malformed XML");
            std::string_view inner = doc_.substr(pos_ + 1, end - pos_ - 1);
            pos_ = end + 1;
            if (!inner.empty() && inner[0] == '/') {
                t.kind = XmlToken::kEnd;
                t.name = LocalName(TrimAscii(inner.substr(1)));
                return t;
            }
            t.kind = XmlToken::kStart;
            if (!inner.empty() && inner.back() == '/') {
                t.self_closing = true;
                inner.remove_suffix(1);
            }
            const auto space = inner.find_first_of(" \t\r\n");
            t.name = LocalName(inner.substr(0, space));
            t.attributes = space == std::string_view::npos ? std::string_view() : inner.substr(space);
            if (t.name.empty()) return Bad("the workbook holds malformed XML");
            return t;
        }
    }

private:
    Status Skip(std::string_view terminator) {
        const auto end = doc_.find(terminator, pos_ + 2);
        if (end == std::string_view::npos) return Bad("the workbook holds malformed XML");
        pos_ = end + terminator.size();
        return Ok();
    }

    std::string_view doc_;
    std::size_t pos_ = 0;
};

// The value of attribute `name` (its local name, prefix ignored) in a tag's raw attributes.
Result<std::optional<std::string>> Attribute(std::string_view attrs, std::string_view name) {
    std::size_t i = 0;
    while (i < attrs.size()) {
        while (i < attrs.size() && (attrs[i] == ' ' || attrs[i] == '\t' || attrs[i] == '\r' || attrs[i] == '\n')) ++i;
        if (i >= attrs.size()) break;
        const auto eq = attrs.find('=', i);
        if (eq == std::string_view::npos || eq + 1 >= attrs.size()) return Bad("the workbook holds malformed XML");
        const std::string_view key = LocalName(TrimAscii(attrs.substr(i, eq - i)));
        const char quote = attrs[eq + 1];
        if (quote != '"' && quote != '\'') return Bad("the workbook holds malformed XML");
        const auto close = attrs.find(quote, eq + 2);
        if (close == std::string_view::npos) return Bad("the workbook holds malformed XML");
        if (key == name) {
            XINQIAO_ASSIGN_OR_RETURN(std::string value, DecodeEntities(attrs.substr(eq + 2, close - eq - 2)));
            return std::optional<std::string>(std::move(value));
        }
        i = close + 1;
    }
    return std::optional<std::string>();
}

std::optional<long> ToLong(std::string_view s) {
    long v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

// ---- workbook parts ------------------------------------------------------------------------

// The path inside the ZIP of the first sheet in tab order.
Result<std::string> FirstSheetPath(const Zip& zip, ports::Inflater& inflater, std::size_t& budget, bool& date1904) {
    const std::string fallback = "xl/worksheets/sheet1.xml";
    if (!zip.Has("xl/workbook.xml")) {
        if (zip.Has(fallback)) return fallback;
        return Bad("the file is not an .xlsx workbook (no xl/workbook.xml)");
    }
    XINQIAO_ASSIGN_OR_RETURN(const std::string workbook, zip.Read("xl/workbook.xml", inflater, budget));
    XmlReader wb(workbook);
    std::string rel_id;
    while (true) {
        XINQIAO_ASSIGN_OR_RETURN(const XmlToken t, wb.Next());
        if (t.kind == XmlToken::kDone) break;
        if (t.kind != XmlToken::kStart) continue;
        if (t.name == "workbookPr") {
            XINQIAO_ASSIGN_OR_RETURN(const auto d, Attribute(t.attributes, "date1904"));
            date1904 = d && (*d == "1" || *d == "true");
        } else if (t.name == "sheet" && rel_id.empty()) {
            XINQIAO_ASSIGN_OR_RETURN(const auto id, Attribute(t.attributes, "id"));
            if (id) rel_id = *id;
        }
    }
    if (rel_id.empty() || !zip.Has("xl/_rels/workbook.xml.rels")) {
        if (zip.Has(fallback)) return fallback;
        return Bad("the workbook has no worksheet");
    }
    XINQIAO_ASSIGN_OR_RETURN(const std::string rels, zip.Read("xl/_rels/workbook.xml.rels", inflater, budget));
    XmlReader rr(rels);
    while (true) {
        XINQIAO_ASSIGN_OR_RETURN(const XmlToken t, rr.Next());
        if (t.kind == XmlToken::kDone) break;
        if (t.kind != XmlToken::kStart || t.name != "Relationship") continue;
        XINQIAO_ASSIGN_OR_RETURN(const auto id, Attribute(t.attributes, "Id"));
        if (!id || *id != rel_id) continue;
        XINQIAO_ASSIGN_OR_RETURN(const auto target, Attribute(t.attributes, "Target"));
        if (!target || target->empty()) break;
        // Relative to xl/, or absolute from the package root.
        return target->front() == '/' ? target->substr(1) : "xl/" + *target;
    }
    if (zip.Has(fallback)) return fallback;
    return Bad("the workbook has no worksheet");
}

Result<std::vector<std::string>> SharedStrings(const Zip& zip, ports::Inflater& inflater, std::size_t& budget) {
    std::vector<std::string> strings;
    if (!zip.Has("xl/sharedStrings.xml")) return strings;
    XINQIAO_ASSIGN_OR_RETURN(const std::string doc, zip.Read("xl/sharedStrings.xml", inflater, budget));
    XmlReader r(doc);
    bool in_si = false, in_t = false;
    int phonetic = 0;  // inside <rPh>: pronunciation hints, not the text
    std::string current;
    while (true) {
        XINQIAO_ASSIGN_OR_RETURN(const XmlToken t, r.Next());
        if (t.kind == XmlToken::kDone) break;
        if (t.kind == XmlToken::kStart) {
            if (t.name == "si") {
                in_si = !t.self_closing;
                current.clear();
                if (t.self_closing) strings.emplace_back();
            } else if (t.name == "rPh" && !t.self_closing) {
                ++phonetic;
            } else if (t.name == "t" && in_si && !t.self_closing) {
                in_t = true;
            }
        } else if (t.kind == XmlToken::kEnd) {
            if (t.name == "si" && in_si) {
                strings.push_back(std::move(current));
                current.clear();
                in_si = false;
            } else if (t.name == "rPh" && phonetic > 0) {
                --phonetic;
            } else if (t.name == "t") {
                in_t = false;
            }
        } else if (in_t && phonetic == 0) {
            current += t.text;
        }
    }
    return strings;
}

bool IsDateFormatCode(std::string_view code) {
    // Date codes use y, m, d (or 年月日) outside quotes and brackets; "0.00" or "@" do not.
    bool quoted = false, bracket = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '"') quoted = !quoted;
        else if (quoted) continue;
        else if (c == '[') bracket = true;
        else if (c == ']') bracket = false;
        else if (c == '\\') ++i;
        else if (!bracket && (c == 'y' || c == 'Y' || c == 'd' || c == 'D')) return true;
    }
    return code.find("年") != std::string_view::npos || code.find("月") != std::string_view::npos;
}

bool IsBuiltInDateFormat(long id) {
    // ECMA-376 built-in date formats, and the ones Chinese Excel adds (27-36, 50-58).
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

// For each cell style index, whether it formats numbers as dates.
Result<std::vector<bool>> DateStyles(const Zip& zip, ports::Inflater& inflater, std::size_t& budget) {
    std::vector<bool> styles;
    if (!zip.Has("xl/styles.xml")) return styles;
    XINQIAO_ASSIGN_OR_RETURN(const std::string doc, zip.Read("xl/styles.xml", inflater, budget));
    XmlReader r(doc);
    std::set<long> custom_dates;
    bool in_xfs = false;
    while (true) {
        XINQIAO_ASSIGN_OR_RETURN(const XmlToken t, r.Next());
        if (t.kind == XmlToken::kDone) break;
        if (t.kind == XmlToken::kStart && t.name == "numFmt") {
            XINQIAO_ASSIGN_OR_RETURN(const auto id, Attribute(t.attributes, "numFmtId"));
            XINQIAO_ASSIGN_OR_RETURN(const auto code, Attribute(t.attributes, "formatCode"));
            if (id && code && ToLong(*id) && IsDateFormatCode(*code)) custom_dates.insert(*ToLong(*id));
        } else if (t.kind == XmlToken::kStart && t.name == "cellXfs") {
            in_xfs = !t.self_closing;
        } else if (t.kind == XmlToken::kEnd && t.name == "cellXfs") {
            in_xfs = false;
        } else if (t.kind == XmlToken::kStart && t.name == "xf" && in_xfs) {
            XINQIAO_ASSIGN_OR_RETURN(const auto id, Attribute(t.attributes, "numFmtId"));
            const long fmt = id ? ToLong(*id).value_or(0) : 0;
            styles.push_back(IsBuiltInDateFormat(fmt) || custom_dates.count(fmt) != 0);
            if (styles.size() > 100000) return Bad("the workbook has too many cell styles");
        }
    }
    return styles;
}

// The column of a cell reference like "BC12": the letters before the digits.
int ReferenceColumn(std::string_view ref) {
    std::size_t letters = 0;
    while (letters < ref.size() && ((ref[letters] >= 'A' && ref[letters] <= 'Z') || (ref[letters] >= 'a' && ref[letters] <= 'z'))) {
        ++letters;
    }
    if (letters == 0 || letters == ref.size()) return -1;
    return ColumnIndex(ref.substr(0, letters));
}

std::string NumberText(const std::string& v, bool is_date, bool date1904) {
    if (!is_date) return v;
    char* end = nullptr;
    const double serial = std::strtod(v.c_str(), &end);
    if (end == v.c_str() || *end != '\0') return v;
    const std::string date = ExcelSerialDate(serial, date1904);
    return date.empty() ? v : date;
}

Result<std::vector<CsvRow>> SheetRows(std::string_view doc, const std::vector<std::string>& shared,
                                      const std::vector<bool>& date_styles, bool date1904, std::size_t max_fields) {
    std::vector<CsvRow> rows;
    XmlReader r(doc);
    CsvRow row;
    bool in_row = false, in_cell = false, in_value = false, in_inline = false;
    int next_line = 1, next_column = 0, column = 0;
    std::string type, value;
    bool is_date = false;
    const auto finish_row = [&] {
        bool blank = true;
        for (const auto& f : row.fields) blank = blank && TrimAscii(f).empty();
        if (!blank) rows.push_back(std::move(row));
        row = CsvRow{};
    };
    while (true) {
        XINQIAO_ASSIGN_OR_RETURN(const XmlToken t, r.Next());
        if (t.kind == XmlToken::kDone) break;
        if (t.kind == XmlToken::kStart) {
            if (t.name == "row") {
                if (in_row) finish_row();
                XINQIAO_ASSIGN_OR_RETURN(const auto number, Attribute(t.attributes, "r"));
                const auto n = number ? ToLong(*number) : std::optional<long>(next_line);
                if (!n || *n < next_line || *n > 1048576) return Bad("the worksheet's rows are out of order");
                row.line = static_cast<int>(*n);
                next_line = row.line + 1;
                next_column = 0;
                in_row = !t.self_closing;
                if (t.self_closing) row = CsvRow{};
            } else if (t.name == "c" && in_row) {
                XINQIAO_ASSIGN_OR_RETURN(const auto ref, Attribute(t.attributes, "r"));
                column = ref ? ReferenceColumn(*ref) : next_column;
                if (column < 0) return Bad("the worksheet has a malformed cell reference on row " + std::to_string(row.line));
                if (static_cast<std::size_t>(column) >= max_fields) {
                    return Bad("row " + std::to_string(row.line) + " has more than " + std::to_string(max_fields) +
                               " columns");
                }
                if (column < next_column) return Bad("the worksheet's cells are out of order on row " + std::to_string(row.line));
                next_column = column + 1;
                XINQIAO_ASSIGN_OR_RETURN(const auto ty, Attribute(t.attributes, "t"));
                type = ty.value_or("n");
                XINQIAO_ASSIGN_OR_RETURN(const auto style, Attribute(t.attributes, "s"));
                const long s = style ? ToLong(*style).value_or(-1) : 0;
                is_date = s >= 0 && static_cast<std::size_t>(s) < date_styles.size() && date_styles[static_cast<std::size_t>(s)];
                value.clear();
                in_cell = !t.self_closing;
            } else if (in_cell && t.name == "v" && !t.self_closing) {
                in_value = true;
            } else if (in_cell && t.name == "is") {
                in_inline = !t.self_closing;
            } else if (in_inline && t.name == "t" && !t.self_closing) {
                in_value = true;
            }
        } else if (t.kind == XmlToken::kEnd) {
            if (t.name == "v" || t.name == "t") {
                in_value = false;
            } else if (t.name == "is") {
                in_inline = false;
            } else if (t.name == "c" && in_cell) {
                in_cell = false;
                std::string text;
                if (type == "s") {
                    const auto index = ToLong(TrimAscii(value));
                    if (!index || *index < 0 || static_cast<std::size_t>(*index) >= shared.size()) {
                        return Bad("row " + std::to_string(row.line) + " refers to a missing shared string");
                    }
                    text = shared[static_cast<std::size_t>(*index)];
                } else if (type == "inlineStr" || type == "str") {
                    text = value;
                } else if (type == "b") {
                    text = TrimAscii(value) == "1" ? "TRUE" : "FALSE";
                } else if (type == "e") {
                    text.clear();  // #N/A and the like: an empty cell to the reader
                } else {
                    text = NumberText(std::string(TrimAscii(value)), is_date, date1904);
                }
                row.fields.resize(static_cast<std::size_t>(column) + 1);
                row.fields[static_cast<std::size_t>(column)] = std::move(text);
            } else if (t.name == "row" && in_row) {
                in_row = false;
                finish_row();
            }
        } else if (in_value) {
            value += t.text;
        }
    }
    if (in_row) finish_row();
    for (const auto& rw : rows) {
        for (const auto& f : rw.fields) {
            if (!IsValidUtf8(f)) return Bad("row " + std::to_string(rw.line) + " is not valid text");
        }
    }
    return rows;
}

}  // namespace

bool LooksLikeXlsx(std::string_view bytes) { return bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

int ColumnIndex(std::string_view letters) {
    if (letters.empty() || letters.size() > 3) return -1;
    int n = 0;
    for (char c : letters) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c < 'A' || c > 'Z') return -1;
        n = n * 26 + (c - 'A' + 1);
    }
    return n > 16384 ? -1 : n - 1;
}

std::string ExcelSerialDate(double serial, bool date1904) {
    if (!(serial >= 1 && serial < 2958466)) return {};
    long days = static_cast<long>(std::floor(serial));
    // Days since 1970-01-01. 1900 system: serial 1 is 1900-01-01 and serial 60 the phantom
    // 1900-02-29, so from 61 on the epoch is 1899-12-30. 1904 system: serial 0 is 1904-01-01.
    long z;
    if (date1904) {
        z = days - 24107;  // 1904-01-01 is day -24107
    } else {
        if (days == 60) return {};  // 1900-02-29 never was
        z = days < 60 ? days - 25568 : days - 25569;
    }
    // Howard Hinnant's civil_from_days.
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long d = doy - (153 * mp + 2) / 5 + 1;
    const long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    char buf[80];  // generous: the compiler cannot see that y, m and d are small
    std::snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y, m, d);
    return buf;
}

Result<std::vector<CsvRow>> ParseXlsx(std::string_view bytes, ports::Inflater& inflater, std::size_t max_fields,
                                      std::size_t max_inflated_bytes) {
    XINQIAO_ASSIGN_OR_RETURN(const Zip zip, Zip::Open(bytes));
    std::size_t budget = max_inflated_bytes;
    bool date1904 = false;
    XINQIAO_ASSIGN_OR_RETURN(const std::string sheet_path, FirstSheetPath(zip, inflater, budget, date1904));
    XINQIAO_ASSIGN_OR_RETURN(const auto shared, SharedStrings(zip, inflater, budget));
    XINQIAO_ASSIGN_OR_RETURN(const auto date_styles, DateStyles(zip, inflater, budget));
    XINQIAO_ASSIGN_OR_RETURN(const std::string sheet, zip.Read(sheet_path, inflater, budget));
    return SheetRows(sheet, shared, date_styles, date1904, max_fields);
}

}  // namespace xinqiao::core::roster
