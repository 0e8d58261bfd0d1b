// Routes of screening: campaigns for staff, questionnaires for students, consent for guardians.
// Thin handlers as in api.cpp: decode, call one service function, encode.

#include <boost/json.hpp>

#include "core/common/date.hpp"
#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "http/alert_json.hpp"
#include "http/routes.hpp"
#include "service/answering_service.hpp"
#include "service/campaign_service.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"

namespace xinqiao::http {
namespace {

namespace json = boost::json;
using core::Error;
using core::screening::BatteryAnswers;

constexpr std::size_t kMaxAnswersPerInstrument = 200;

json::value OptLevel(const std::optional<core::screening::Level>& l) {
    return l ? json::value(core::screening::LevelName(*l)) : json::value(nullptr);
}

json::value TextJson(const core::screening::Text& t) {
    return {{"en", t.en}, {"zh", OrNull(t.zh)}};
}

std::string DateText(std::int64_t unix_ms) { return core::FormatDate(core::screening::ChinaDateOf(unix_ms)); }

json::object CampaignJson(const service::CampaignView& v) {
    const auto& c = v.campaign;
    json::array grades;
    for (int g : c.grades) grades.push_back({{"level", g}, {"name", core::screening::GradeLevelName(g)}});
    json::array battery;
    for (const auto& b : c.battery) battery.push_back({{"id", b.instrument_id}, {"version", b.version}});
    return {{"id", c.id},
            {"name", c.name},
            {"org_unit_id", c.unit_id},
            {"unit_name", v.unit_name},
            {"grades", std::move(grades)},
            {"instruments", std::move(battery)},
            {"opens_on", DateText(c.opens_ms)},
            {"closes_on", DateText(c.closes_ms - 1)},
            {"opens_at", core::FormatRfc3339Millis(c.opens_ms)},
            {"closes_at", core::FormatRfc3339Millis(c.closes_ms)},
            {"anonymous", c.anonymous},
            {"consent_required", c.consent_required},
            {"rules", c.rules},
            {"phase", core::screening::PhaseName(v.phase)},
            {"home_unit_id", v.home_unit_id},
            {"manageable", v.manageable},
            {"created_at", core::FormatRfc3339Millis(c.created_ms)}};
}

json::object UnitProgressJson(const service::UnitProgressView& u) {
    json::object o{{"unit", ToJson(u.unit)},
                   {"invited", u.invited},
                   {"started", u.started},
                   {"completed", u.completed},
                   {"consent_pending", u.consent_pending},
                   {"consent_refused", u.consent_refused}};
    if (u.levels) {
        json::object levels;
        static constexpr const char* kNames[] = {"I", "II", "III", "IV"};
        for (std::size_t i = 0; i < u.levels->size() && i < 4; ++i) {
            levels[kNames[i]] = CountJson((*u.levels)[i]);
        }
        o["levels"] = std::move(levels);
    }
    return o;
}

json::object ProgressJson(const service::ProgressView& p) {
    json::array children;
    for (const auto& c : p.children) children.push_back(UnitProgressJson(c));
    return {{"unit", UnitProgressJson(p.unit)}, {"children", std::move(children)}};
}

json::object ClassJson(const service::ClassView& v) {
    json::array items;
    for (const auto& i : v.items) {
        json::object o{{"assignment_id", i.assignment_id},
                       {"student_id", i.student_id},
                       {"student_number", i.student_number},
                       {"name", i.name},
                       {"state", core::screening::AssignmentStateName(i.state)},
                       {"consent", core::screening::ConsentName(i.consent)}};
        if (v.shows_levels) o["level"] = OptLevel(i.level);
        items.push_back(std::move(o));
    }
    return {{"items", std::move(items)}, {"shows_levels", v.shows_levels}};
}

json::object ResponseJson(const core::screening::StoredResponse& r, bool with_answers,
                          const service::InstrumentLibrary& instruments) {
    json::object subscales;
    for (const auto& [k, v] : r.subscales) subscales[k] = v;
    json::object o{{"instrument_id", r.instrument_id},
                   {"instrument_version", r.instrument_version},
                   {"total", r.total},
                   {"band", r.band.empty() ? json::value(nullptr) : json::value(r.band)},
                   {"band_words", WordsJson(instruments.BandWords(r.instrument_id, r.band))},
                   {"subscales", std::move(subscales)},
                   {"critical_items", r.alerts},
                   {"submitted_at", core::FormatRfc3339Millis(r.submitted_ms)}};
    if (with_answers) {
        json::array answers;
        for (const auto& a : r.answers) answers.push_back(a ? json::value(*a) : json::value(nullptr));
        o["answers"] = std::move(answers);
    }
    return o;
}

json::object AssessmentJson(const core::screening::StoredAssessment& a) {
    return {{"level", core::screening::LevelName(a.level)},
            {"reasons", ReasonsJson(a.reasons)},
            {"assessed_at", core::FormatRfc3339Millis(a.assessed_ms)}};
}

json::object ResultJson(const service::ResultView& v, const service::InstrumentLibrary& instruments) {
    json::array responses;
    for (const auto& r : v.responses) responses.push_back(ResponseJson(r, true, instruments));
    return {{"assignment_id", v.assignment.id},
            {"student_id", v.assignment.student_id},
            {"campaign", {{"id", v.campaign.id}, {"name", v.campaign.name}}},
            {"assessment", v.assessment ? json::value(AssessmentJson(*v.assessment)) : json::value(nullptr)},
            {"responses", std::move(responses)}};
}

json::object ArchiveJson(const service::ArchiveView& v, const service::InstrumentLibrary& instruments) {
    json::array entries;
    for (const auto& e : v.entries) {
        json::object o = AssessmentJson(e.assessment);
        o["assignment_id"] = e.assessment.assignment_id;
        o["campaign"] = {{"id", e.assessment.campaign_id}, {"name", e.campaign_name}};
        if (v.shows_scores) {
            json::array responses;
            for (const auto& r : e.responses) responses.push_back(ResponseJson(r, false, instruments));
            o["responses"] = std::move(responses);
        }
        entries.push_back(std::move(o));
    }
    json::array alerts;
    for (const auto& a : v.alerts) alerts.push_back(AlertJson(a));
    json::array cases;
    for (const auto& c : v.cases) {
        cases.push_back({{"id", c.id},
                         {"state", core::cases::CaseStateName(c.state)},
                         {"step", core::cases::CaseStepName(c.step)},
                         {"opened_at", core::FormatRfc3339Millis(c.opened_ms)},
                         {"closed_at", TimeOrNull(c.closed_ms)}});
    }
    return {{"assessments", std::move(entries)}, {"shows_scores", v.shows_scores}, {"alerts", std::move(alerts)},
            {"cases", std::move(cases)}};
}

// What a student or guardian sees of an assignment: never a score, band or level.
json::object MineJson(const service::MyAssignment& m) {
    json::array instruments;
    for (const auto* in : m.instruments) {
        instruments.push_back({{"id", in->id},
                               {"short_name", in->short_name},
                               {"name", TextJson(in->name)},
                               {"zh_verified", in->zh_verified},
                               {"items", in->items.size()}});
    }
    return {{"id", m.assignment.id},
            {"student_id", m.student_id},
            {"student_name", m.student_name},
            {"campaign_name", m.campaign_name},
            {"state", core::screening::AssignmentStateName(m.assignment.state)},
            {"consent", core::screening::ConsentName(m.assignment.consent)},
            {"closes_on", DateText(m.closes_ms - 1)},
            {"available", !m.unavailable && !m.instrument_missing},
            {"unavailable", m.instrument_missing ? json::value("instrument_missing")
                            : m.unavailable      ? json::value(core::screening::BlockerName(*m.unavailable))
                                                 : json::value(nullptr)},
            {"instruments", std::move(instruments)}};
}

json::object ConditionJson(core::screening::Op op, int value) {
    return {{"op", op == core::screening::Op::kEqual ? "eq" : "ge"}, {"value", value}};
}

// An instrument as a student answers it: texts, options, which items follow which answers, and
// which answers call for the caring page (never how urgent or what they mean).
json::object QuestionnaireInstrumentJson(const core::screening::Instrument& in) {
    json::array items;
    for (const auto& item : in.items) {
        json::array options;
        for (const auto& o : item.options) options.push_back({{"value", o.value}, {"label", TextJson(o.label)}});
        json::object i{{"n", item.n}, {"text", TextJson(item.text)}, {"options", std::move(options)}};
        if (item.ask_if) {
            json::array any_of;
            for (int n : item.ask_if->any_of) any_of.push_back(n);
            json::object c = ConditionJson(item.ask_if->op, item.ask_if->value);
            c["any_of"] = std::move(any_of);
            c["missing_counts"] = item.ask_if->missing_counts;
            i["ask_if"] = std::move(c);
        }
        if (item.critical) i["care_if"] = ConditionJson(item.critical->when.op, item.critical->when.value);
        if (!item.scored && !item.critical) i["optional"] = true;
        items.push_back(std::move(i));
    }
    return {{"id", in.id},
            {"short_name", in.short_name},
            {"name", TextJson(in.name)},
            {"zh_verified", in.zh_verified},
            {"instructions", TextJson(in.instructions)},
            {"items", std::move(items)}};
}

json::object AnswersJson(const BatteryAnswers& answers) {
    json::object o;
    for (const auto& [id, values] : answers) {
        json::array a;
        for (const auto& v : values) a.push_back(v ? json::value(*v) : json::value(nullptr));
        o[id] = std::move(a);
    }
    return o;
}

json::object QuestionnaireJson(const service::Questionnaire& q) {
    json::object o = MineJson(q.mine);
    json::array instruments;
    for (const auto* in : q.mine.instruments) instruments.push_back(QuestionnaireInstrumentJson(*in));
    o["instruments"] = std::move(instruments);
    o["draft"] = {{"version", q.mine.assignment.draft_version}, {"answers", AnswersJson(q.draft)}};
    return o;
}

// {"phq9": [0, 1, null, ...], ...}: answers by instrument, null for an item not answered.
core::Result<BatteryAnswers> ReadAnswers(const json::object& obj) {
    const auto it = obj.find("answers");
    if (it == obj.end() || !it->value().is_object()) {
        return Error::InvalidArgument("answers must be an object of answer lists by instrument", "/answers");
    }
    BatteryAnswers out;
    for (const auto& [id, list] : it->value().get_object()) {
        const std::string field = "/answers/" + std::string(id).substr(0, 32);
        if (!list.is_array() || list.get_array().size() > kMaxAnswersPerInstrument) {
            return Error::InvalidArgument("each instrument's answers are a list of whole numbers or nulls", field);
        }
        core::screening::Answers answers;
        const auto& array = list.get_array();
        for (std::size_t i = 0; i < array.size(); ++i) {
            const auto& v = array[i];
            if (v.is_null()) {
                answers.emplace_back();
            } else if (v.is_int64() && v.get_int64() >= -1000 && v.get_int64() <= 1000) {
                answers.emplace_back(static_cast<int>(v.get_int64()));
            } else {
                return Error::InvalidArgument("each answer is a whole number or null", field + "/" + std::to_string(i));
            }
        }
        out[std::string(id)] = std::move(answers);
    }
    return out;
}

// A day "YYYY-MM-DD" in member `key`: the start of that day (China time), or of the next day
// for the last day of a window.
core::Result<std::optional<std::int64_t>> ReadDay(const FieldReader& f, std::string_view key, bool end_of_day) {
    XINQIAO_ASSIGN_OR_RETURN(const auto day, f.OptDate(key));
    if (!day) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(core::screening::ChinaDayStartMs(*day) + (end_of_day ? 86400000 : 0));
}

core::Result<std::vector<int>> ReadGrades(const json::object& obj) {
    const auto it = obj.find("grades");
    if (it == obj.end() || !it->value().is_array() || it->value().get_array().size() > 32) {
        return Error::InvalidArgument("grades must be a list of grade levels (4 = 四年级, 10 = 高一, 13 = 大一)", "/grades");
    }
    std::vector<int> out;
    for (const auto& g : it->value().get_array()) {
        if (!g.is_int64() || g.get_int64() < 0 || g.get_int64() > 100) {
            return Error::InvalidArgument("grades must be a list of grade levels (4 = 四年级, 10 = 高一, 13 = 大一)", "/grades");
        }
        out.push_back(static_cast<int>(g.get_int64()));
    }
    return out;
}

core::Result<std::vector<std::string>> ReadInstruments(const json::object& obj) {
    const auto it = obj.find("instruments");
    if (it == obj.end() || !it->value().is_array() || it->value().get_array().size() > 32) {
        return Error::InvalidArgument("instruments must be a list of instrument ids", "/instruments");
    }
    std::vector<std::string> out;
    for (const auto& v : it->value().get_array()) {
        if (!v.is_string() || v.get_string().size() > 64) {
            return Error::InvalidArgument("instruments must be a list of instrument ids", "/instruments");
        }
        out.emplace_back(v.get_string());
    }
    return out;
}

core::Result<service::NewCampaign> DecodeNewCampaign(const Request& req) {
    XINQIAO_ASSIGN_OR_RETURN(const auto obj, ParseJsonObject(req));
    const FieldReader f(obj);
    XINQIAO_RETURN_IF_ERROR(f.OnlyKnown({"org_unit_id", "name", "grades", "instruments", "opens_on", "closes_on",
                                         "anonymous", "consent_required", "rules"}));
    service::NewCampaign n;
    XINQIAO_ASSIGN_OR_RETURN(const auto unit, f.OptId("org_unit_id"));
    if (!unit) return Error::InvalidArgument("org_unit_id is required", "/org_unit_id");
    n.unit_id = *unit;
    XINQIAO_ASSIGN_OR_RETURN(n.name, f.String("name"));
    XINQIAO_ASSIGN_OR_RETURN(n.grades, ReadGrades(obj));
    XINQIAO_ASSIGN_OR_RETURN(n.instruments, ReadInstruments(obj));
    XINQIAO_ASSIGN_OR_RETURN(const auto opens, ReadDay(f, "opens_on", false));
    XINQIAO_ASSIGN_OR_RETURN(const auto closes, ReadDay(f, "closes_on", true));
    if (!opens) return Error::InvalidArgument("opens_on is required", "/opens_on");
    if (!closes) return Error::InvalidArgument("closes_on is required", "/closes_on");
    n.opens_ms = *opens;
    n.closes_ms = *closes;
    XINQIAO_ASSIGN_OR_RETURN(const auto anonymous, f.OptBool("anonymous"));
    n.anonymous = anonymous.value_or(false);
    XINQIAO_ASSIGN_OR_RETURN(const auto consent, f.OptBool("consent_required"));
    n.consent_required = consent.value_or(false);
    XINQIAO_ASSIGN_OR_RETURN(const auto rules, f.OptString("rules"));
    n.rules = rules.value_or("");
    return n;
}

constexpr const char* kNoCampaign = "no campaign with this id";
constexpr const char* kNoAssignment = "no questionnaire with this id";

// A required "closes_on" day: the end of that day.
core::Result<std::int64_t> RequiredClosing(const json::object& body) {
    XINQIAO_ASSIGN_OR_RETURN(const auto closes, ReadDay(FieldReader(body), "closes_on", true));
    if (!closes) return Error::InvalidArgument("closes_on is required", "/closes_on");
    return *closes;
}

// The optional ?unit= of a progress view.
core::Result<std::optional<std::int64_t>> UnitQuery(const Request& req) {
    std::optional<std::int64_t> unit;
    for (const auto& [key, value] : req.query) {
        if (key != "unit") return Error::InvalidArgument("unknown parameter " + key.substr(0, 64), key.substr(0, 64));
        const auto id = core::ParseInt64(value);
        if (!id || *id <= 0) return Error::InvalidArgument("unit must be an org unit id", "unit");
        unit = *id;
    }
    return unit;
}

json::object ItemsOf(const std::vector<service::MyAssignment>& mine) {
    json::array items;
    for (const auto& m : mine) items.push_back(MineJson(m));
    return {{"items", std::move(items)}};
}

json::object SavedJson(const service::Saved& s) { return {{"version", s.version}, {"care", s.care}}; }

}  // namespace

void AddCampaignRoutes(Router& router, service::CampaignService& campaigns) {
    router.Add("POST", "/api/v1/campaigns", [&campaigns](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        auto n = DecodeNewCampaign(req);
        if (!n) return Problem(req, n.error());
        return Answer(req, campaigns.Create(*req.principal, *n), CampaignJson, 201);
    });
    router.Add("GET", "/api/v1/campaigns", [&campaigns](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        return Answer(req, campaigns.List(*req.principal), [](const std::vector<service::CampaignView>& list) {
            json::array items;
            for (const auto& v : list) items.push_back(CampaignJson(v));
            return json::object{{"items", std::move(items)}};
        });
    });
    router.Add("GET", "/api/v1/campaigns/{id}", [&campaigns](Request& req) {
        const auto id = PlainId(req, kNoCampaign);
        if (!id) return Problem(req, id.error());
        return Answer(req, campaigns.Get(*req.principal, *id), CampaignJson);
    });
    // Extends the window: {"closes_on": "YYYY-MM-DD"}.
    router.Add("PATCH", "/api/v1/campaigns/{id}", [&campaigns](Request& req) {
        const auto in = PlainIdWithBody(req, kNoCampaign, {"closes_on"});
        if (!in) return Problem(req, in.error());
        const auto closes = RequiredClosing(in->body);
        if (!closes) return Problem(req, closes.error());
        return Answer(req, campaigns.Extend(*req.principal, in->id, *closes), CampaignJson);
    });
    router.Add("POST", "/api/v1/campaigns/{id}/close", [&campaigns](Request& req) {
        const auto id = PlainId(req, kNoCampaign);
        if (!id) return Problem(req, id.error());
        return Answer(req, campaigns.Close(*req.principal, *id), CampaignJson);
    });
    // Reopens a closed or ended campaign; {"closes_on": ...} is needed once the window has passed.
    router.Add("POST", "/api/v1/campaigns/{id}/reopen", [&campaigns](Request& req) {
        const auto id = PlainId(req, kNoCampaign);
        if (!id) return Problem(req, id.error());
        std::optional<std::int64_t> closes;
        if (!req.body.empty()) {
            const auto in = PlainIdWithBody(req, kNoCampaign, {"closes_on"});
            if (!in) return Problem(req, in.error());
            const auto day = RequiredClosing(in->body);
            if (!day) return Problem(req, day.error());
            closes = *day;
        }
        return Answer(req, campaigns.Reopen(*req.principal, *id, closes), CampaignJson);
    });
    router.Add("GET", "/api/v1/campaigns/{id}/progress", [&campaigns](Request& req) {
        const auto id = PathIdParam(req, "id", kNoCampaign);
        if (!id) return Problem(req, id.error());
        const auto unit = UnitQuery(req);
        if (!unit) return Problem(req, unit.error());
        return Answer(req, campaigns.Progress(*req.principal, *id, *unit), ProgressJson);
    });
    // The results under ?unit= as a workbook, by the caller's tier; audited.
    router.Add("GET", "/api/v1/campaigns/{id}/export", [&campaigns](Request& req) {
        const auto id = PathIdParam(req, "id", kNoCampaign);
        if (!id) return Problem(req, id.error());
        const auto unit = UnitQuery(req);
        if (!unit) return Problem(req, unit.error());
        auto book = campaigns.Export(*req.principal, *id, *unit);
        if (!book) return Problem(req, book.error());
        Response r;
        r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        r.body = std::move(book).value();
        // "测评结果.xlsx" (RFC 6266 filename*), with an ASCII name for old clients.
        r.headers.emplace_back("Content-Disposition",
                               "attachment; filename=\"campaign-" + std::to_string(*id) +
                                   ".xlsx\"; filename*=UTF-8''%E6%B5%8B%E8%AF%84%E7%BB%93%E6%9E%9C.xlsx");
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
    });
    router.Add("GET", "/api/v1/campaigns/{id}/classes/{class}", [&campaigns](Request& req) {
        const auto id = PlainId(req, kNoCampaign);
        if (!id) return Problem(req, id.error());
        const auto klass = PathIdParam(req, "class", "no class with this id in this campaign");
        if (!klass) return Problem(req, klass.error());
        return Answer(req, campaigns.Class(*req.principal, *id, *klass), ClassJson);
    });
    router.Add("GET", "/api/v1/assignments/{id}/result", [&campaigns](Request& req) {
        const auto id = PlainId(req, kNoAssignment);
        if (!id) return Problem(req, id.error());
        return Answer(req, campaigns.AssignmentResult(*req.principal, *id),
                      [&](const service::ResultView& v) { return ResultJson(v, campaigns.Instruments()); });
    });
    router.Add("GET", "/api/v1/students/{id}/archive", [&campaigns](Request& req) {
        const auto id = PlainId(req, "no student with this id");
        if (!id) return Problem(req, id.error());
        return Answer(req, campaigns.Archive(*req.principal, *id),
                      [&](const service::ArchiveView& v) { return ArchiveJson(v, campaigns.Instruments()); });
    });
    // A guardian's decision, or a teacher recording one given on paper: {"given": true|false}.
    router.Add("PUT", "/api/v1/assignments/{id}/consent", [&campaigns](Request& req) {
        const auto in = PlainIdWithBody(req, kNoAssignment, {"given"});
        if (!in) return Problem(req, in.error());
        const auto given = FieldReader(in->body).OptBool("given");
        if (!given) return Problem(req, given.error());
        if (!*given) return Problem(req, Error::InvalidArgument("given must be true or false", "/given"));
        const auto done = campaigns.RecordConsent(*req.principal, in->id, **given);
        if (!done) return Problem(req, done.error());
        return NoContent();
    });
}

void AddAnsweringRoutes(Router& router, service::AnsweringService& answering, service::InstrumentLibrary& instruments) {
    // One instrument whole: texts, options, follow-up and care conditions (no scoring).
    router.Add("GET", "/api/v1/instruments/{id}", [&answering, &instruments](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        const auto* in = instruments.Find(req.PathParam("id"));
        if (!in) return Problem(req, Error::NotFound("no instrument with this id"));
        return JsonResponse(200, QuestionnaireInstrumentJson(*in));
    });
    router.Add("GET", "/api/v1/me/assignments", [&answering, &instruments](Request& req) {
        if (auto s = NoQuery(req); !s) return Problem(req, s.error());
        return Answer(req, answering.Mine(*req.principal), ItemsOf);
    });
    router.Add("GET", "/api/v1/assignments/{id}", [&answering, &instruments](Request& req) {
        const auto id = PlainId(req, kNoAssignment);
        if (!id) return Problem(req, id.error());
        auto r = Answer(req, answering.Open(*req.principal, *id), QuestionnaireJson);
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
    });
    // Answers in progress: {"based_on": version, "answers": {...}}.
    router.Add("PUT", "/api/v1/assignments/{id}/draft", [&answering, &instruments](Request& req) {
        const auto in = PlainIdWithBody(req, kNoAssignment, {"based_on", "answers"});
        if (!in) return Problem(req, in.error());
        const auto* based_on = in->body.if_contains("based_on");
        if (!based_on || !based_on->is_int64() || based_on->get_int64() < 0) {
            return Problem(req, Error::InvalidArgument("based_on must be the version last saved (0 at first)", "/based_on"));
        }
        const auto answers = ReadAnswers(in->body);
        if (!answers) return Problem(req, answers.error());
        return Answer(req, answering.SaveDraft(*req.principal, in->id, based_on->get_int64(), *answers), SavedJson);
    });
    // The whole battery once: {"idempotency_key": "...", "answers": {...}}.
    router.Add("POST", "/api/v1/assignments/{id}/submission", [&answering, &instruments](Request& req) {
        const auto in = PlainIdWithBody(req, kNoAssignment, {"idempotency_key", "answers"});
        if (!in) return Problem(req, in.error());
        const auto key = FieldReader(in->body).String("idempotency_key");
        if (!key) return Problem(req, key.error());
        const auto answers = ReadAnswers(in->body);
        if (!answers) return Problem(req, answers.error());
        return Answer(req, answering.Submit(*req.principal, in->id, *key, *answers), SavedJson);
    });
}

}  // namespace xinqiao::http
