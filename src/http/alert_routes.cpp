// Routes of the early warning network: the alert inbox, one alert with its timeline, the
// changes people make to alerts, and the regional response times. Thin handlers as in api.cpp.

#include <boost/json.hpp>

#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "core/people/search_terms.hpp"
#include "http/alert_json.hpp"
#include "http/routes.hpp"
#include "service/alert_service.hpp"
#include "http/handler_support.hpp"
#include "http/json_codec.hpp"

namespace xinqiao::http {

namespace json = boost::json;
using core::Error;

json::array ReasonsJson(const std::vector<core::screening::Reason>& reasons) {
    json::array out;
    for (const auto& r : reasons) {
        out.push_back({{"level", core::screening::LevelName(r.level)}, {"zh", r.zh}, {"en", r.en}});
    }
    return out;
}

json::object AlertJson(const core::warning::Alert& a) {
    json::array owners;
    for (const auto& o : a.alert.owners) {
        owners.push_back({{"role", core::auth::RoleName(o.role)}, {"org_unit_id", o.unit_id}});
    }
    return {{"id", a.id},
            {"student_id", a.alert.student_id},
            {"level", core::screening::LevelName(a.alert.level)},
            {"source", a.alert.source},
            {"reported", a.reported},
            {"state", core::warning::AlertStateName(a.state)},
            {"reasons", ReasonsJson(a.alert.reasons)},
            {"owners", std::move(owners)},
            {"tier", core::warning::TierName(a.alert.tier)},
            {"escalations", a.escalations},
            {"version", a.version},
            {"created_at", core::FormatRfc3339Millis(a.alert.created_ms)},
            {"due_at", core::FormatRfc3339Millis(a.alert.due_ms)},
            {"escalates_at", TimeOrNull(a.escalate_ms)},
            {"acknowledged_at", TimeOrNull(a.acknowledged_ms)},
            {"acknowledged_by", OrNull(a.acknowledged_by)},
            {"assignee_id", OrNull(a.assignee_id)},
            {"closed_at", TimeOrNull(a.closed_ms)},
            {"outcome", a.outcome ? json::value(core::warning::OutcomeName(*a.outcome)) : json::value(nullptr)}};
}

namespace {

constexpr const char* kNoAlert = "no alert with this id";
constexpr const char* kNoUnit = "no org unit with this id";

json::object InboxJson(const core::warning::InboxPage& page) {
    json::array items;
    for (const auto& item : page.items) {
        json::object o = AlertJson(item.alert);
        o["student"] = {{"id", item.alert.alert.student_id},
                        {"name", item.student_name},
                        {"class_name", item.class_name},
                        {"school_name", item.school_name}};
        o["unread"] = item.unread;
        items.push_back(std::move(o));
    }
    return {{"items", std::move(items)},
            {"total", page.total},
            {"unread", page.unread},
            {"by_level", {{"I", page.by_level[0]}, {"II", page.by_level[1]}, {"III", page.by_level[2]}}},
            {"overdue", page.overdue},
            {"reported", page.reported}};
}

// What the plan asks of the class teacher at the alert's level, each with when and by whom it
// was last recorded as done.
json::array CareTasksJson(const service::AlertView& v) {
    json::array out;
    for (const auto task : core::warning::CareTasksOf(v.alert.alert.level)) {
        const std::string_view name = core::warning::CareTaskName(task);
        json::object o{{"task", name}, {"done_at", nullptr}, {"done_by", nullptr}};
        for (const auto& e : v.events) {
            if (e.kind == core::warning::AlertStepName(core::warning::AlertStep::kTaskDone) && e.detail == name) {
                o["done_at"] = core::FormatRfc3339Millis(e.at_ms);
                o["done_by"] = e.actor_name;
            }
        }
        out.push_back(std::move(o));
    }
    return out;
}

json::object ViewJson(const service::AlertView& v) {
    json::object o = AlertJson(v.alert);
    o["student"] = {{"id", v.alert.alert.student_id},
                    {"name", v.student_name},
                    {"class_name", v.class_name},
                    {"school_name", v.school_name}};
    o["assignee_name"] = v.assignee_name.empty() ? json::value(nullptr) : json::value(v.assignee_name);
    json::array events;
    for (const auto& e : v.events) {
        events.push_back({{"at", core::FormatRfc3339Millis(e.at_ms)},
                          {"kind", e.kind},
                          {"actor_id", OrNull(e.actor_id)},
                          {"actor_name", e.actor_name},
                          {"tier", core::warning::TierName(e.tier)},
                          {"detail", e.detail}});
    }
    o["events"] = std::move(events);
    json::array signals;
    for (const auto& g : v.signals) {
        json::array concerns;
        for (const auto c : g.report.concerns) concerns.emplace_back(core::warning::ConcernName(c));
        signals.push_back({{"at", core::FormatRfc3339Millis(g.created_ms)},
                           {"source", core::warning::SignalSourceName(g.report.source)},
                           {"concerns", std::move(concerns)},
                           {"danger_now", g.report.danger_now},
                           {"level", core::screening::LevelName(g.level)},
                           {"filed_role", g.filed_role},
                           {"filer_name", g.filer_name},
                           {"has_note", g.note_id.has_value()},
                           {"note", g.note ? json::value(*g.note) : json::value(nullptr)}});
    }
    o["signals"] = std::move(signals);
    o["care_tasks"] = CareTasksJson(v);
    o["may_handle"] = v.may_handle;
    o["may_record_tasks"] = v.may_record_tasks;
    if (v.opened_case) {
        o["case"] = {{"id", v.opened_case->id},
                     {"state", core::cases::CaseStateName(v.opened_case->state)},
                     {"step", core::cases::CaseStepName(v.opened_case->step)}};
    } else {
        o["case"] = nullptr;
    }
    return o;
}

// The inbox's query: state (comma-separated), level, overdue=1, source, q (a search), limit, offset.
core::Result<service::InboxFilter> ReadInboxFilter(const Request& req) {
    service::InboxFilter f;
    XINQIAO_RETURN_IF_ERROR(ReadListQuery(req, f.limit, f.offset, [&](const std::string& key, const std::string& value) -> core::Result<bool> {
        if (key == "state") {
            for (const auto part : core::Split(value, ',')) {
                const auto s = core::warning::ParseAlertState(part);
                if (!s) return Error::InvalidArgument("state must be open, acknowledged or closed", "state");
                f.states.push_back(*s);
            }
        } else if (key == "level") {
            const auto l = core::screening::ParseLevel(value);
            if (!l || *l == core::screening::Level::kIV) return Error::InvalidArgument("level must be I, II or III", "level");
            f.level = *l;
        } else if (key == "source") {
            if (value != "people" && !core::warning::ParseSignalSource(value)) {
                return Error::InvalidArgument(
                    "source must be people, screening, peer, teacher, guardian, hotline, hospital or self", "source");
            }
            f.source = value;
        } else if (key == "q") {
            XINQIAO_ASSIGN_OR_RETURN(f.search, core::people::SearchKey(value));
        } else if (key == "overdue") {
            if (value != "1" && value != "0") return Error::InvalidArgument("overdue must be 1 or 0", "overdue");
            f.overdue_only = value == "1";
        } else {
            return false;
        }
        return true;
    }));
    return f;
}

core::Result<core::warning::ResponseTime> ReadResponseTime(const json::object& body, const std::string& key) {
    const auto* v = body.if_contains(key);
    const std::string field = "/" + key;
    if (!v || !v->is_object()) return Error::InvalidArgument(key + " is required: {\"minutes\": n, \"school_days\": bool}", field);
    const auto& o = v->get_object();
    XINQIAO_RETURN_IF_ERROR(FieldReader(o).OnlyKnown({"minutes", "school_days"}));
    const auto* m = o.if_contains("minutes");
    if (!m || !m->is_int64() || m->get_int64() < 0 || m->get_int64() > 1000000) {
        return Error::InvalidArgument("minutes must be a whole number of minutes", field + "/minutes");
    }
    core::warning::ResponseTime t;
    t.minutes = static_cast<int>(m->get_int64());
    if (const auto* d = o.if_contains("school_days")) {
        if (!d->is_bool()) return Error::InvalidArgument("school_days must be true or false", field + "/school_days");
        t.school_days = d->get_bool();
    }
    return t;
}

json::object TimesJson(const service::ResponseTimesView& v) {
    json::object o;
    for (std::size_t i = 0; i < v.times.by_level.size(); ++i) {
        o["level_" + std::to_string(i + 1)] = {{"minutes", v.times.by_level[i].minutes},
                                               {"school_days", v.times.by_level[i].school_days}};
    }
    o["set_on"] = OrNull(v.set_on);
    return o;
}

}  // namespace

void AddAlertRoutes(Router& router, service::AlertService& alerts) {
    router.Add("GET", "/api/v1/alerts", [&alerts](Request& req) {
        const auto f = ReadInboxFilter(req);
        if (!f) return Problem(req, f.error());
        return Answer(req, alerts.Inbox(*req.principal, *f), InboxJson);
    });
    router.Add("GET", "/api/v1/alerts/{id}", [&alerts](Request& req) {
        const auto id = PlainId(req, kNoAlert);
        if (!id) return Problem(req, id.error());
        return Answer(req, alerts.Get(*req.principal, *id), ViewJson);
    });
    router.Add("GET", "/api/v1/alerts/{id}/assignees", [&alerts](Request& req) {
        const auto id = PlainId(req, kNoAlert);
        if (!id) return Problem(req, id.error());
        return Answer(req, alerts.Assignees(*req.principal, *id),
                      [](const std::vector<core::warning::Handler>& people) {
                          json::array items;
                          for (const auto& h : people) {
                              items.push_back({{"account_id", h.account_id},
                                               {"display_name", h.display_name},
                                               {"role", core::auth::RoleName(h.role)},
                                               {"org_unit_id", h.unit_id}});
                          }
                          return json::object{{"items", std::move(items)}};
                      });
    });
    // Each change: {"version": the version seen, ...}; 204, or 409 when the alert changed meanwhile.
    router.Add("POST", "/api/v1/alerts/{id}/acknowledge", [&alerts](Request& req) {
        return Changed(req, [&]() -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(const auto in, Versioned(req, kNoAlert, "alert", {"version"}));
            return alerts.Acknowledge(*req.principal, in.id, in.version);
        });
    });
    router.Add("POST", "/api/v1/alerts/{id}/escalate", [&alerts](Request& req) {
        return Changed(req, [&]() -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(const auto in, Versioned(req, kNoAlert, "alert", {"version"}));
            return alerts.Escalate(*req.principal, in.id, in.version);
        });
    });
    router.Add("POST", "/api/v1/alerts/{id}/assign", [&alerts](Request& req) {
        return Changed(req, [&]() -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(const auto in, Versioned(req, kNoAlert, "alert", {"version", "assignee_id"}));
            XINQIAO_ASSIGN_OR_RETURN(const auto who, FieldReader(in.body).OptId("assignee_id"));
            if (!who) return Error::InvalidArgument("assignee_id is required", "/assignee_id");
            return alerts.Assign(*req.principal, in.id, in.version, *who);
        });
    });
    router.Add("POST", "/api/v1/alerts/{id}/close", [&alerts](Request& req) {
        return Changed(req, [&]() -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(const auto in, Versioned(req, kNoAlert, "alert", {"version", "outcome"}));
            XINQIAO_ASSIGN_OR_RETURN(const auto name, FieldReader(in.body).String("outcome"));
            const auto outcome = core::warning::ParseOutcome(name);
            if (!outcome) {
                return Error::InvalidArgument("outcome must be resolved, case_opened, referred or false_alarm", "/outcome");
            }
            return alerts.Close(*req.principal, in.id, in.version, *outcome);
        });
    });

    // {"version", "task": "talk" | "home_contact" | "watch", "note"?}: a class teacher's task done.
    router.Add("POST", "/api/v1/alerts/{id}/tasks", [&alerts](Request& req) {
        return Changed(req, [&]() -> core::Status {
            XINQIAO_ASSIGN_OR_RETURN(const auto in, Versioned(req, kNoAlert, "alert", {"version", "task", "note"}));
            const FieldReader fields(in.body);
            XINQIAO_ASSIGN_OR_RETURN(const auto name, fields.String("task"));
            const auto task = core::warning::ParseCareTask(name);
            if (!task) return Error::InvalidArgument("task must be talk, home_contact or watch", "/task");
            XINQIAO_ASSIGN_OR_RETURN(const auto note, fields.OptString("note"));
            return alerts.RecordTask(*req.principal, in.id, {in.version, *task, note.value_or("")});
        });
    });

    router.Add("GET", "/api/v1/org-units/{id}/response-times", [&alerts](Request& req) {
        const auto id = PlainId(req, kNoUnit);
        if (!id) return Problem(req, id.error());
        return Answer(req, alerts.ResponseTimes(*req.principal, *id), TimesJson);
    });
    // {"level_1": {"minutes": 60, "school_days": false}, "level_2": ..., "level_3": ...}
    router.Add("PUT", "/api/v1/org-units/{id}/response-times", [&alerts](Request& req) {
        const auto in = PlainIdWithBody(req, kNoUnit, {"level_1", "level_2", "level_3"});
        if (!in) return Problem(req, in.error());
        core::warning::ResponseTimes t;
        for (std::size_t i = 0; i < t.by_level.size(); ++i) {
            auto one = ReadResponseTime(in->body, "level_" + std::to_string(i + 1));
            if (!one) return Problem(req, one.error());
            t.by_level[i] = *one;
        }
        if (auto s = alerts.SetResponseTimes(*req.principal, in->id, t); !s) return Problem(req, s.error());
        return Answer(req, alerts.ResponseTimes(*req.principal, in->id), TimesJson);
    });
    router.Add("DELETE", "/api/v1/org-units/{id}/response-times", [&alerts](Request& req) {
        const auto id = PlainId(req, kNoUnit);
        if (!id) return Problem(req, id.error());
        if (auto s = alerts.ClearResponseTimes(*req.principal, *id); !s) return Problem(req, s.error());
        return Answer(req, alerts.ResponseTimes(*req.principal, *id), TimesJson);
    });
}

}  // namespace xinqiao::http
