#include "store/instrument_files.hpp"

#include "core/common/text.hpp"
#include "store/crypto/digest.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace xinqiao::store {
namespace {

namespace json = boost::json;
using core::Error;
using core::Result;
using namespace core::screening;

Error Bad(const std::string& path, const std::string& what) { return Error::InvalidArgument(what, path); }

// Typed reads of one member, each failing with the member's JSON path.
class Reader {
public:
    Reader(const json::object& o, std::string path) : o_(o), path_(std::move(path)) {}

    std::string Path(std::string_view key) const { return path_ + "/" + std::string(key); }
    bool Has(std::string_view key) const { return o_.contains(key) && !o_.at(key).is_null(); }

    Result<std::string> String(std::string_view key) const {
        if (!Has(key) || !o_.at(key).is_string()) return Bad(Path(key), "must be a string");
        return std::string(o_.at(key).as_string());
    }
    Result<std::optional<std::string>> OptString(std::string_view key) const {
        if (!Has(key)) return std::optional<std::string>();
        XINQIAO_ASSIGN_OR_RETURN(auto s, String(key));
        return std::optional<std::string>(std::move(s));
    }
    Result<int> Int(std::string_view key) const {
        if (!Has(key) || !o_.at(key).is_int64()) return Bad(Path(key), "must be a whole number");
        const auto v = o_.at(key).as_int64();
        if (v < -100000 || v > 100000) return Bad(Path(key), "is out of range");
        return static_cast<int>(v);
    }
    Result<std::optional<int>> OptInt(std::string_view key) const {
        if (!Has(key)) return std::optional<int>();
        XINQIAO_ASSIGN_OR_RETURN(int v, Int(key));
        return std::optional<int>(v);
    }
    Result<bool> Bool(std::string_view key, bool fallback) const {
        if (!Has(key)) return fallback;
        if (!o_.at(key).is_bool()) return Bad(Path(key), "must be true or false");
        return o_.at(key).as_bool();
    }
    Result<Reader> Object(std::string_view key) const {
        if (!Has(key) || !o_.at(key).is_object()) return Bad(Path(key), "must be an object");
        return Reader(o_.at(key).as_object(), Path(key));
    }
    Result<const json::array*> Array(std::string_view key) const {
        if (!Has(key) || !o_.at(key).is_array()) return Bad(Path(key), "must be an array");
        return &o_.at(key).as_array();
    }
    Result<Level> LevelOf(std::string_view key) const {
        XINQIAO_ASSIGN_OR_RETURN(const auto s, String(key));
        const auto l = ParseLevel(s);
        if (!l) return Bad(Path(key), "must be I, II, III or IV");
        return *l;
    }
    Result<Op> OpOf(std::string_view key) const {
        XINQIAO_ASSIGN_OR_RETURN(const auto s, String(key));
        const auto op = ParseOp(s);
        if (!op) return Bad(Path(key), "must be \">=\" or \"==\"");
        return *op;
    }
    // A text in English with an optional Chinese twin: `<key>_en` and `<key>_zh`.
    Result<Text> TextOf(std::string_view key) const {
        Text t;
        XINQIAO_ASSIGN_OR_RETURN(t.en, String(std::string(key) + "_en"));
        XINQIAO_ASSIGN_OR_RETURN(t.zh, OptString(std::string(key) + "_zh"));
        return t;
    }
    const json::object& object() const { return o_; }
    const std::string& path() const { return path_; }

private:
    const json::object& o_;
    std::string path_;
};

// Each element of an array as an object, with its path.
template <typename Fn>
core::Status ForEachObject(const json::array& a, const std::string& path, Fn fn) {
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string at = path + "/" + std::to_string(i);
        if (!a[i].is_object()) return Bad(at, "must be an object");
        XINQIAO_RETURN_IF_ERROR(fn(Reader(a[i].as_object(), at)));
    }
    return core::Ok();
}

// Each object of the optional array `key` of `r` (nothing if it is absent).
template <typename Fn>
core::Status ForEachListed(const Reader& r, std::string_view key, Fn fn) {
    if (!r.Has(key)) return core::Ok();
    XINQIAO_ASSIGN_OR_RETURN(const auto* a, r.Array(key));
    return ForEachObject(*a, r.Path(key), fn);
}

Result<std::vector<Option>> Options(const Reader& r, std::string_view key) {
    XINQIAO_ASSIGN_OR_RETURN(const auto* a, r.Array(key));
    std::vector<Option> out;
    XINQIAO_RETURN_IF_ERROR(ForEachObject(*a, r.Path(key), [&](const Reader& o) -> core::Status {
        Option opt;
        XINQIAO_ASSIGN_OR_RETURN(opt.value, o.Int("value"));
        XINQIAO_ASSIGN_OR_RETURN(opt.label, o.TextOf("label"));
        out.push_back(std::move(opt));
        return core::Ok();
    }));
    return out;
}

Result<Condition> ConditionOf(const Reader& r, bool with_level) {
    Condition c;
    XINQIAO_ASSIGN_OR_RETURN(c.op, r.OpOf("op"));
    XINQIAO_ASSIGN_OR_RETURN(c.value, r.Int("value"));
    if (with_level) {
        XINQIAO_ASSIGN_OR_RETURN(c.level, r.LevelOf("level"));
    }
    return c;
}

Result<std::vector<int>> Ints(const Reader& r, std::string_view key) {
    XINQIAO_ASSIGN_OR_RETURN(const auto* a, r.Array(key));
    std::vector<int> out;
    for (std::size_t i = 0; i < a->size(); ++i) {
        if (!(*a)[i].is_int64()) return Bad(r.Path(key) + "/" + std::to_string(i), "must be a whole number");
        out.push_back(static_cast<int>((*a)[i].as_int64()));
    }
    return out;
}

Result<Item> ItemOf(const Reader& r, const std::vector<Option>& shared) {
    Item item;
    XINQIAO_ASSIGN_OR_RETURN(item.n, r.Int("n"));
    XINQIAO_ASSIGN_OR_RETURN(item.text, r.TextOf("text"));
    XINQIAO_ASSIGN_OR_RETURN(item.reverse, r.Bool("reverse", false));
    XINQIAO_ASSIGN_OR_RETURN(item.scored, r.Bool("scored", true));
    XINQIAO_ASSIGN_OR_RETURN(item.subscale, r.OptString("subscale"));
    if (r.Has("response_options")) {
        XINQIAO_ASSIGN_OR_RETURN(item.options, Options(r, "response_options"));
    } else {
        item.options = shared;
    }
    if (r.Has("critical")) {
        XINQIAO_ASSIGN_OR_RETURN(const Reader c, r.Object("critical"));
        Critical critical;
        XINQIAO_ASSIGN_OR_RETURN(critical.when, ConditionOf(c, true));
        XINQIAO_ASSIGN_OR_RETURN(critical.missing_is_positive, c.Bool("missing_is_positive", false));
        XINQIAO_ASSIGN_OR_RETURN(critical.reason, c.String("reason"));
        if (c.Has("escalate")) {
            XINQIAO_ASSIGN_OR_RETURN(const auto* a, c.Array("escalate"));
            XINQIAO_RETURN_IF_ERROR(ForEachObject(*a, c.Path("escalate"), [&](const Reader& e) -> core::Status {
                XINQIAO_ASSIGN_OR_RETURN(auto cond, ConditionOf(e, true));
                critical.escalate.push_back(cond);
                return core::Ok();
            }));
        }
        item.critical = std::move(critical);
    }
    if (r.Has("ask_if")) {
        XINQIAO_ASSIGN_OR_RETURN(const Reader a, r.Object("ask_if"));
        AskIf ask;
        XINQIAO_ASSIGN_OR_RETURN(ask.any_of, Ints(a, "any_of"));
        XINQIAO_ASSIGN_OR_RETURN(ask.op, a.OpOf("op"));
        XINQIAO_ASSIGN_OR_RETURN(ask.value, a.Int("value"));
        XINQIAO_ASSIGN_OR_RETURN(ask.missing_counts, a.Bool("missing_counts", false));
        item.ask_if = std::move(ask);
    }
    return item;
}

Result<Instrument> FromJson(const Reader& root) {
    Instrument in;
    XINQIAO_ASSIGN_OR_RETURN(const int format, root.Int("format"));
    if (format != 1) return Bad("/format", "this version of Xinqiao reads format 1");
    XINQIAO_ASSIGN_OR_RETURN(in.id, root.String("id"));
    XINQIAO_ASSIGN_OR_RETURN(auto short_name, root.OptString("short_name"));
    in.short_name = short_name.value_or(in.id);
    XINQIAO_ASSIGN_OR_RETURN(in.name, root.TextOf("name"));
    // Instructions may be absent where no verified wording exists (CES-DC): the page then shows
    // only the items.
    XINQIAO_ASSIGN_OR_RETURN(auto instructions_en, root.OptString("instructions_en"));
    in.instructions.en = instructions_en.value_or("");
    XINQIAO_ASSIGN_OR_RETURN(in.instructions.zh, root.OptString("instructions_zh"));
    XINQIAO_ASSIGN_OR_RETURN(in.zh_verified, root.Bool("zh_verified", false));
    XINQIAO_ASSIGN_OR_RETURN(const Reader licence, root.Object("license"));
    XINQIAO_ASSIGN_OR_RETURN(in.licence_statement, licence.String("statement"));
    // true, or "conditional": shippable under the conditions the licence states (WHO-5: only in
    // non-commercial deployments), which the instrument list shows to administrators.
    if (licence.Has("ship_ok") && licence.object().at("ship_ok").is_string() &&
        licence.object().at("ship_ok").as_string() == "conditional") {
        in.ship_ok = true;
        in.licence_conditional = true;
        XINQIAO_ASSIGN_OR_RETURN(in.licence_conditions, licence.String("conditions"));
    } else {
        XINQIAO_ASSIGN_OR_RETURN(in.ship_ok, licence.Bool("ship_ok", false));
    }
    if (!in.ship_ok) return Bad("/license/ship_ok", "this instrument's licence does not allow shipping it");
    XINQIAO_ASSIGN_OR_RETURN(const Reader ages, root.Object("ages"));
    XINQIAO_ASSIGN_OR_RETURN(in.min_age, ages.OptInt("min"));
    XINQIAO_ASSIGN_OR_RETURN(in.max_age, ages.OptInt("max"));
    XINQIAO_ASSIGN_OR_RETURN(const auto shared, Options(root, "response_options"));
    XINQIAO_ASSIGN_OR_RETURN(const auto* items, root.Array("items"));
    XINQIAO_RETURN_IF_ERROR(ForEachObject(*items, "/items", [&](const Reader& r) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(auto item, ItemOf(r, shared));
        in.items.push_back(std::move(item));
        return core::Ok();
    }));

    XINQIAO_ASSIGN_OR_RETURN(const Reader s, root.Object("scoring"));
    XINQIAO_ASSIGN_OR_RETURN(const auto method, s.String("method"));
    if (method != "sum") return Bad("/scoring/method", "must be \"sum\"");
    XINQIAO_ASSIGN_OR_RETURN(in.item_min, s.Int("item_min"));
    XINQIAO_ASSIGN_OR_RETURN(in.item_max, s.Int("item_max"));
    XINQIAO_ASSIGN_OR_RETURN(in.total_min, s.Int("min"));
    XINQIAO_ASSIGN_OR_RETURN(in.total_max, s.Int("max"));
    XINQIAO_ASSIGN_OR_RETURN(const auto band_on, s.String("band_on"));
    if (band_on != "total" && band_on != "alerts") return Bad("/scoring/band_on", "must be \"total\" or \"alerts\"");
    in.band_on = band_on == "total" ? BandOn::kTotal : BandOn::kAlerts;
    if (s.Has("subscales")) {
        XINQIAO_ASSIGN_OR_RETURN(const Reader subs, s.Object("subscales"));
        for (const auto& [name, v] : subs.object()) {
            XINQIAO_ASSIGN_OR_RETURN(in.subscales[std::string(name)], Ints(subs, name));
        }
    }
    if (s.Has("subscale_cutoffs")) {
        XINQIAO_ASSIGN_OR_RETURN(const Reader cuts, s.Object("subscale_cutoffs"));
        for (const auto& [name, v] : cuts.object()) {
            XINQIAO_ASSIGN_OR_RETURN(const auto* a, cuts.Array(name));
            auto& flags = in.subscale_flags[std::string(name)];
            XINQIAO_RETURN_IF_ERROR(ForEachObject(*a, cuts.Path(name), [&](const Reader& f) -> core::Status {
                SubscaleFlag flag;
                XINQIAO_ASSIGN_OR_RETURN(flag.when, ConditionOf(f, false));
                XINQIAO_ASSIGN_OR_RETURN(flag.label, f.TextOf("label"));
                flags.push_back(std::move(flag));
                return core::Ok();
            }));
        }
    }
    XINQIAO_ASSIGN_OR_RETURN(const auto* bands, s.Array("bands"));
    XINQIAO_RETURN_IF_ERROR(ForEachObject(*bands, "/scoring/bands", [&](const Reader& b) -> core::Status {
        Band band;
        if (in.band_on == BandOn::kTotal) {
            XINQIAO_ASSIGN_OR_RETURN(band.min, b.Int("min"));
            XINQIAO_ASSIGN_OR_RETURN(band.max, b.Int("max"));
        } else if (b.Has("alert_level")) {
            XINQIAO_ASSIGN_OR_RETURN(band.alert_level, b.LevelOf("alert_level"));
        }
        XINQIAO_ASSIGN_OR_RETURN(band.label, b.TextOf("label"));
        XINQIAO_ASSIGN_OR_RETURN(band.level, b.LevelOf("level"));
        in.bands.push_back(std::move(band));
        return core::Ok();
    }));
    XINQIAO_RETURN_IF_ERROR(ForEachListed(s, "derived", [&](const Reader& d) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto name, d.String("name"));
        XINQIAO_ASSIGN_OR_RETURN(const auto formula, d.String("formula"));
        if (name != "percentage" || formula.rfind("total*", 0) != 0) {
            return Bad(d.path(), "the only derived score is {\"name\": \"percentage\", \"formula\": \"total*N\"}");
        }
        in.percentage_factor = std::atoi(formula.c_str() + 6);
        return core::Ok();
    }));
    XINQIAO_RETURN_IF_ERROR(Validate(in));
    return in;
}

Result<RiskRules> RulesFromJson(const Reader& root, const std::vector<Instrument>& instruments) {
    RiskRules rules;
    XINQIAO_ASSIGN_OR_RETURN(const int format, root.Int("format"));
    if (format != 1) return Bad("/format", "this version of Xinqiao reads format 1");
    XINQIAO_ASSIGN_OR_RETURN(rules.name, root.String("name"));
    const auto instrument = [&](const std::string& id, const std::string& path) -> Result<const Instrument*> {
        for (const auto& i : instruments) {
            if (i.id == id) return &i;
        }
        return Bad(path, "names no instrument");
    };
    if (root.Has("band_levels")) {
        XINQIAO_ASSIGN_OR_RETURN(const Reader bands, root.Object("band_levels"));
        for (const auto& [id, v] : bands.object()) {
            XINQIAO_ASSIGN_OR_RETURN(const Instrument* in, instrument(std::string(id), bands.Path(id)));
            XINQIAO_ASSIGN_OR_RETURN(const Reader labels, bands.Object(id));
            for (const auto& [label, level] : labels.object()) {
                const bool known = std::any_of(in->bands.begin(), in->bands.end(),
                                               [&](const Band& b) { return b.label.en == label; });
                if (!known) return Bad(labels.Path(label), "is not a band of " + in->id);
                XINQIAO_ASSIGN_OR_RETURN(rules.band_levels[in->id][std::string(label)], labels.LevelOf(label));
            }
        }
    }
    if (root.Has("critical_levels")) {
        XINQIAO_ASSIGN_OR_RETURN(const Reader crit, root.Object("critical_levels"));
        for (const auto& [id, v] : crit.object()) {
            XINQIAO_ASSIGN_OR_RETURN(const Instrument* in, instrument(std::string(id), crit.Path(id)));
            XINQIAO_ASSIGN_OR_RETURN(const Reader items, crit.Object(id));
            for (const auto& [n, level] : items.object()) {
                const auto item = core::ParseInt64(n);
                if (!item || !in->FindItem(static_cast<int>(*item)) || !in->FindItem(static_cast<int>(*item))->critical) {
                    return Bad(items.Path(n), "is not a critical item of " + in->id);
                }
                XINQIAO_ASSIGN_OR_RETURN(rules.critical_levels[in->id][static_cast<int>(*item)], items.LevelOf(n));
            }
        }
    }
    XINQIAO_RETURN_IF_ERROR(ForEachListed(root, "special_situations", [&](const Reader& r) -> core::Status {
        RiskRules::SpecialSituationRule rule;
        XINQIAO_ASSIGN_OR_RETURN(const auto* any, r.Array("any"));
        for (std::size_t i = 0; i < any->size(); ++i) {
            const auto s = (*any)[i].is_string() ? core::people::ParseSpecialSituation((*any)[i].as_string())
                                                 : std::nullopt;
            if (!s) return Bad(r.Path("any") + "/" + std::to_string(i), "is not a special situation");
            rule.any.Set(*s);
        }
        XINQIAO_ASSIGN_OR_RETURN(rule.from, r.LevelOf("from"));
        XINQIAO_ASSIGN_OR_RETURN(rule.to, r.LevelOf("to"));
        rules.special_situations.push_back(rule);
        return core::Ok();
    }));
    XINQIAO_RETURN_IF_ERROR(ForEachListed(root, "history", [&](const Reader& r) -> core::Status {
        RiskRules::HistoryRule rule;
        XINQIAO_ASSIGN_OR_RETURN(rule.previous, r.LevelOf("previous"));
        XINQIAO_ASSIGN_OR_RETURN(rule.within_days, r.Int("within_days"));
        XINQIAO_ASSIGN_OR_RETURN(rule.at_least, r.LevelOf("at_least"));
        rules.history.push_back(rule);
        return core::Ok();
    }));
    XINQIAO_RETURN_IF_ERROR(ForEachListed(root, "observations", [&](const Reader& r) -> core::Status {
        RiskRules::ObservationRule rule;
        XINQIAO_ASSIGN_OR_RETURN(rule.count, r.Int("count"));
        XINQIAO_ASSIGN_OR_RETURN(rule.within_days, r.Int("within_days"));
        XINQIAO_ASSIGN_OR_RETURN(rule.at_least, r.LevelOf("at_least"));
        rules.observations.push_back(rule);
        return core::Ok();
    }));
    XINQIAO_RETURN_IF_ERROR(core::screening::Validate(rules));
    return rules;
}

Result<json::object> ParseObject(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) return Bad("", "is not valid JSON (" + ec.message() + ")");
    if (!v.is_object()) return Bad("", "must be a JSON object");
    return std::move(v.as_object());
}

// The *.json files of `dir`, sorted, each with its text.
Result<std::vector<std::pair<std::filesystem::path, std::string>>> JsonFiles(const std::string& dir, const char* what) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    if (ec) return Error::NotFound("cannot read the " + std::string(what) + " directory " + dir + ": " + ec.message());
    std::sort(files.begin(), files.end());
    std::vector<std::pair<std::filesystem::path, std::string>> out;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        out.emplace_back(file, text.str());
    }
    return out;
}

// "instruments/phq9.json: /items/8/critical/level: must be I, II, III or IV"
Error InFile(const std::filesystem::path& file, const Error& e, const char* field) {
    const std::string where = e.field.empty() ? "" : e.field + ": ";
    return Error::InvalidArgument(file.string() + ": " + where + e.message, field);
}

}  // namespace

Result<RiskRules> ParseRiskRules(std::string_view text, const std::vector<Instrument>& instruments) {
    XINQIAO_ASSIGN_OR_RETURN(const auto root, ParseObject(text));
    return RulesFromJson(Reader(root, ""), instruments);
}

Result<std::map<std::string, RiskRules>> LoadRiskRules(const std::string& dir, const std::vector<Instrument>& instruments) {
    XINQIAO_ASSIGN_OR_RETURN(const auto files, JsonFiles(dir, "risk rules"));
    std::map<std::string, RiskRules> out;
    for (const auto& [file, text] : files) {
        auto rules = ParseRiskRules(text, instruments);
        if (!rules) return InFile(file, rules.error(), "risk_rules");
        out[file.stem().string()] = std::move(rules).value();
    }
    if (!out.count("default")) return Error::InvalidArgument(dir + " has no default.json", "risk_rules");
    return out;
}

Result<Instrument> ParseInstrument(std::string_view text) {
    XINQIAO_ASSIGN_OR_RETURN(const auto root, ParseObject(text));
    XINQIAO_ASSIGN_OR_RETURN(Instrument instrument, FromJson(Reader(root, "")));
    // The version a campaign records: the file's content, so any edit is a new version.
    instrument.version = HexDigest(DigestAlgorithm::kSha256, text).substr(0, 16);
    return instrument;
}

Result<std::vector<Instrument>> LoadInstruments(const std::string& dir) {
    XINQIAO_ASSIGN_OR_RETURN(const auto files, JsonFiles(dir, "instrument"));
    std::vector<Instrument> out;
    for (const auto& [file, text] : files) {
        auto parsed = ParseInstrument(text);
        if (!parsed) return InFile(file, parsed.error(), "instruments");
        for (const auto& known : out) {
            if (known.id == parsed->id) return Error::InvalidArgument(file.string() + ": the id " + known.id + " is used twice", "instruments");
        }
        out.push_back(std::move(parsed).value());
    }
    return out;
}

}  // namespace xinqiao::store
