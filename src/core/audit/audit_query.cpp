#include "core/audit/audit_query.hpp"

#include <set>

#include "core/common/date.hpp"
#include "core/common/text.hpp"

namespace xinqiao::core::audit {
namespace {

// "2026-11-22" -> "2026-11-22T00:00:00.000Z"; a full timestamp keeps its form with
// milliseconds added, so it compares correctly with the stored text.
std::optional<std::string> NormalizeTime(const std::string& text) {
    if (text.size() == 10) {
        if (!ParseDate(text)) return std::nullopt;
        return text + "T00:00:00.000Z";
    }
    if (text.size() != 20 && text.size() != 24) return std::nullopt;
    if (!ParseDate(text.substr(0, 10)) || text[10] != 'T' || text.back() != 'Z') return std::nullopt;
    for (std::size_t i : {11, 12, 14, 15, 17, 18}) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    }
    if (text[13] != ':' || text[16] != ':') return std::nullopt;
    if (text.size() == 24) {
        if (text[19] != '.') return std::nullopt;
        for (std::size_t i = 20; i < 23; ++i) {
            if (text[i] < '0' || text[i] > '9') return std::nullopt;
        }
        return text;
    }
    return text.substr(0, 19) + ".000Z";
}

Error Bad(const std::string& key, const std::string& what) { return Error::InvalidArgument(key + " " + what, key); }

}  // namespace

Result<AuditQuery> ParseAuditQuery(const std::vector<std::pair<std::string, std::string>>& params, int max_page_size) {
    AuditQuery q;
    std::set<std::string> seen;
    for (const auto& [key, value] : params) {
        if (!seen.insert(key).second) return Bad(key, "is given more than once");
        if (key == "actor") {
            const auto v = ParseInt64(value);
            if (!v || *v <= 0) return Bad(key, "must be an account id");
            q.actor_id = v;
        } else if ((key == "target_type" || key == "target_id") && seen.count("student")) {
            return Bad(key, "cannot be combined with student");
        } else if (key == "action" || key == "target_type" || key == "target_id") {
            if (value.empty() || value.size() > 100 || HasControlCharacter(value) || !IsValidUtf8(value)) {
                return Bad(key, "must be 1 to 100 printable characters");
            }
            (key == "action" ? q.action_prefix : key == "target_type" ? q.target_type : q.target_id) = value;
        } else if (key == "student") {
            const auto v = ParseInt64(value);
            if (!v || *v <= 0 || seen.count("target_type") || seen.count("target_id")) {
                return Bad(key, "must be a student id, without target_type or target_id");
            }
            q.target_type = "student";
            q.target_id = std::to_string(*v);
        } else if (key == "break_glass") {
            if (value != "true" && value != "false") return Bad(key, "must be true or false");
            q.only_break_glass = value == "true";
        } else if (key == "from" || key == "to") {
            const auto t = NormalizeTime(value);
            if (!t) return Bad(key, "must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)");
            (key == "from" ? q.from : q.to) = *t;
        } else if (key == "page") {
            const auto v = ParseInt64(value);
            if (!v || *v < 1 || *v > 1'000'000) return Bad(key, "must be a whole number from 1 to 1000000");
            q.page = static_cast<int>(*v);
        } else if (key == "page_size") {
            const auto v = ParseInt64(value);
            if (!v || *v < 1 || *v > max_page_size) {
                return Bad(key, "must be a whole number from 1 to " + std::to_string(max_page_size));
            }
            q.page_size = static_cast<int>(*v);
        } else {
            return Error::InvalidArgument("unknown parameter " + key.substr(0, 64), key.substr(0, 64));
        }
    }
    if (!q.from.empty() && !q.to.empty() && q.from >= q.to) return Bad("to", "must be after from");
    return q;
}

}  // namespace xinqiao::core::audit
