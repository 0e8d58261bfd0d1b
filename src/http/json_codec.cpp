#include "http/json_codec.hpp"

#include <boost/json.hpp>

#include "core/common/time.hpp"
#include "core/people/id_number.hpp"

namespace xinqiao::http {

boost::json::value CountJson(const service::Count& c) {
    return c.suppressed ? boost::json::value("<5") : boost::json::value(c.value);
}

boost::json::value TimeOrNull(const std::optional<std::int64_t>& ms) {
    return ms ? boost::json::value(core::FormatRfc3339Millis(*ms)) : boost::json::value(nullptr);
}


using core::Error;

boost::json::object ToJson(const core::org::OrgUnit& u) {
    boost::json::object o;
    o["id"] = u.id;
    o["parent_id"] = OrNull(u.parent_id);
    o["kind"] = core::org::OrgKindName(u.kind);
    o["name"] = u.name;
    o["code"] = u.code;
    o["stage"] = u.stage ? boost::json::value(core::org::SchoolStageName(*u.stage)) : boost::json::value(nullptr);
    o["is_boarding"] = u.is_boarding;
    o["path"] = u.path;
    o["depth"] = u.depth;
    o["county_id"] = OrNull(u.county_id);
    return o;
}

boost::json::object ToJson(const core::screening::Instrument& in, const core::screening::ScoreResult& r,
                           const core::screening::RiskAssessment& risk) {
    using core::screening::LevelName;
    boost::json::object subscales;
    for (const auto& [name, value] : r.subscales) subscales[name] = value;
    boost::json::object flags;
    for (const auto& [name, label] : r.subscale_flags) flags[name] = label;
    boost::json::array alerts;
    for (const auto& a : r.alerts) {
        alerts.push_back({{"item", a.item}, {"value", OrNull(a.value)}, {"level", LevelName(a.level)}});
    }
    boost::json::object o{{"instrument", in.id}, {"total", r.total}, {"subscales", std::move(subscales)},
                          {"subscale_flags", std::move(flags)}, {"alerts", std::move(alerts)}};
    if (r.band) {
        o["band"] = {{"label_en", r.band->label.en}, {"label_zh", OrNull(r.band->label.zh)},
                     {"level", LevelName(r.band->level)}};
    } else {
        o["band"] = nullptr;
    }
    if (r.percentage) o["percentage"] = *r.percentage;
    boost::json::array reasons;
    for (const auto& reason : risk.reasons) {
        reasons.push_back({{"level", LevelName(reason.level)}, {"zh", reason.zh}, {"en", reason.en}});
    }
    o["risk"] = {{"level", LevelName(risk.level)}, {"reasons", std::move(reasons)}};
    return o;
}

boost::json::object Summary(const core::screening::Instrument& in) {
    return {{"id", in.id},
            {"short_name", in.short_name},
            {"name_en", in.name.en},
            {"name_zh", OrNull(in.name.zh)},
            {"zh_verified", in.zh_verified},
            {"items", in.items.size()},
            {"min_age", OrNull(in.min_age)},
            {"max_age", OrNull(in.max_age)},
            {"licence", in.licence_statement},
            {"licence_conditions", in.licence_conditional ? boost::json::value(in.licence_conditions)
                                                          : boost::json::value(nullptr)}};
}

boost::json::value WordsJson(const std::optional<core::Words>& w) {
    if (!w) return nullptr;
    return boost::json::object{{"zh", w->zh}, {"en", w->en}};
}

boost::json::object ToJson(const core::audit::AuditEntry& e) {
    return {{"id", e.id},
            {"at", e.at},
            {"actor_id", OrNull(e.actor_id)},
            {"actor_role", e.actor_role},
            {"action", e.action},
            {"target_type", e.target_type},
            {"target_id", e.target_id},
            {"org_path", e.org_path},
            {"request_id", e.request_id},
            {"reason", e.reason},
            {"hash", e.hash}};
}

boost::json::object ToJson(const core::people::StudentListItem& item) {
    const auto& s = item.student;
    boost::json::object o;
    o["id"] = s.id;
    o["student_number"] = s.student_number;
    o["name"] = s.name;
    o["gender"] = core::people::GenderName(s.gender);
    o["birth_date"] = core::FormatDate(s.birth_date);
    o["id_number_masked"] = s.id_number.empty() ? boost::json::value(nullptr)
                                                : boost::json::value(core::people::MaskIdNumber(s.id_number));
    boost::json::array special;
    for (auto situation : core::people::AllSpecialSituations()) {
        if (s.special_situations.Has(situation)) special.emplace_back(core::people::SpecialSituationName(situation));
    }
    o["special_groups"] = std::move(special);
    o["county_id"] = s.county_id;
    o["school_id"] = s.school_id;
    o["grade_id"] = s.grade_id;
    o["grade_name"] = item.grade_name;
    o["class_id"] = s.class_id;
    o["class_name"] = item.class_name;
    return o;
}

core::Result<boost::json::object> ParseJsonObject(const Request& request) {
    if (request.content_type != "application/json") {
        return Error::InvalidArgument("the body must be sent as application/json", "content-type");
    }
    boost::json::parse_options options;
    options.max_depth = 16;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(request.body, ec, {}, options);
    if (ec) {
        return Error::InvalidArgument("the body is not valid JSON: " + ec.message());
    }
    if (!v.is_object()) return Error::InvalidArgument("the body must be a JSON object", "");
    return std::move(v.as_object());
}

namespace {
std::string Pointer(std::string_view key) {
    // RFC 6901 escaping of '~' and '/'.
    std::string p = "/";
    for (char c : key) {
        if (c == '~') p += "~0";
        else if (c == '/') p += "~1";
        else p += c;
    }
    return p;
}
}  // namespace

core::Status FieldReader::OnlyKnown(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, value] : obj_) {
        bool known = false;
        for (auto a : allowed) known = known || a == key;
        if (!known) {
            const std::string_view k(key.data(), std::min<std::size_t>(key.size(), 64));
            return Error::InvalidArgument("unknown field", Pointer(k));
        }
    }
    return core::Ok();
}

bool FieldReader::IsNull(std::string_view key) const {
    const auto* v = obj_.if_contains(key);
    return v && v->is_null();
}

core::Result<std::string> FieldReader::String(std::string_view key) const {
    const auto* v = obj_.if_contains(key);
    if (!v || v->is_null()) return Error::InvalidArgument(std::string(key) + " is required", Pointer(key));
    if (!v->is_string()) return Error::InvalidArgument(std::string(key) + " must be a string", Pointer(key));
    return std::string(v->as_string());
}

core::Result<std::optional<std::string>> FieldReader::OptString(std::string_view key) const {
    const auto* v = obj_.if_contains(key);
    if (!v || v->is_null()) return std::optional<std::string>();
    if (!v->is_string()) return Error::InvalidArgument(std::string(key) + " must be a string", Pointer(key));
    return std::optional<std::string>(std::string(v->as_string()));
}

core::Result<std::optional<core::Date>> FieldReader::OptDate(std::string_view key) const {
    XINQIAO_ASSIGN_OR_RETURN(const auto text, OptString(key));
    if (!text) return std::optional<core::Date>();
    const auto day = core::ParseDate(*text);
    if (!day) return Error::InvalidArgument(std::string(key) + " must be a date YYYY-MM-DD", Pointer(key));
    return day;
}

core::Result<std::optional<std::int64_t>> FieldReader::OptId(std::string_view key) const {
    const auto* v = obj_.if_contains(key);
    if (!v || v->is_null()) return std::optional<std::int64_t>();
    std::int64_t id = 0;
    if (v->is_int64()) id = v->as_int64();
    else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) id = static_cast<std::int64_t>(v->as_uint64());
    else return Error::InvalidArgument(std::string(key) + " must be a whole number", Pointer(key));
    if (id <= 0) return Error::InvalidArgument(std::string(key) + " must be a positive id", Pointer(key));
    return std::optional<std::int64_t>(id);
}

core::Result<std::vector<std::int64_t>> FieldReader::OptIds(std::string_view key, std::size_t max_count) const {
    const auto* v = obj_.if_contains(key);
    std::vector<std::int64_t> out;
    if (!v || v->is_null()) return out;
    const std::string pointer = Pointer(key);
    if (!v->is_array()) return Error::InvalidArgument(std::string(key) + " must be a list of ids", pointer);
    const auto& items = v->as_array();
    if (items.size() > max_count) {
        return Error::InvalidArgument(std::string(key) + " lists at most " + std::to_string(max_count) + " ids",
                                      pointer);
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& item = items[i];
        const bool ok = (item.is_int64() && item.as_int64() > 0) ||
                        (item.is_uint64() && item.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX));
        if (!ok) return Error::InvalidArgument(std::string(key) + " must hold positive ids", pointer + "/" + std::to_string(i));
        out.push_back(item.is_int64() ? item.as_int64() : static_cast<std::int64_t>(item.as_uint64()));
    }
    return out;
}

core::Result<std::vector<std::string>> FieldReader::OptStrings(std::string_view key, std::size_t max_count) const {
    const auto* v = obj_.if_contains(key);
    std::vector<std::string> out;
    if (!v || v->is_null()) return out;
    const std::string pointer = Pointer(key);
    if (!v->is_array()) return Error::InvalidArgument(std::string(key) + " must be a list of names", pointer);
    const auto& items = v->as_array();
    if (items.size() > max_count) {
        return Error::InvalidArgument(std::string(key) + " lists at most " + std::to_string(max_count) + " names",
                                      pointer);
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!items[i].is_string()) {
            return Error::InvalidArgument(std::string(key) + " must hold names", pointer + "/" + std::to_string(i));
        }
        out.emplace_back(items[i].as_string());
    }
    return out;
}

core::Result<std::optional<bool>> FieldReader::OptBool(std::string_view key) const {
    const auto* v = obj_.if_contains(key);
    if (!v || v->is_null()) return std::optional<bool>();
    if (!v->is_bool()) return Error::InvalidArgument(std::string(key) + " must be true or false", Pointer(key));
    return std::optional<bool>(v->as_bool());
}

}  // namespace xinqiao::http
