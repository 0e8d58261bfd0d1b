#include "store/alert_repository.hpp"

#include <algorithm>
#include <map>

#include "store/screening_repository.hpp"
#include "core/common/text.hpp"
#include "store/sql_builder.hpp"
#include "store/student_repository.hpp"

namespace xinqiao::store {
namespace {

using core::warning::Alert;
using core::warning::AlertEvent;
using core::warning::Owner;

constexpr const char* kColumns =
    "a.id, a.student_id, a.org_path, a.source, a.source_id, a.level, a.reasons, a.state, a.created_ms, a.due_ms, "
    "a.tier, a.escalations, a.version, a.escalate_ms, a.acknowledged_ms, a.acknowledged_by, a.assignee_id, "
    "a.closed_ms, a.outcome, a.reported";

constexpr const char* kInsert =
    "INSERT INTO alerts (student_id, org_path, source, source_id, level, reasons, state, created_ms, due_ms, tier, "
    "escalations, version, escalate_ms, reported) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, 0, 1, $10, $11) "
    "RETURNING id";
constexpr const char* kInsertOwner =
    "INSERT INTO alert_owners (alert_id, role, org_unit_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
constexpr const char* kUpdate =
    "UPDATE alerts SET level = $3, reasons = $4, state = $5, due_ms = $6, tier = $7, escalations = $8, "
    "version = version + 1, escalate_ms = $9, acknowledged_ms = $10, acknowledged_by = $11, assignee_id = $12, "
    "closed_ms = $13, outcome = $14, reported = $15 WHERE id = $1 AND version = $2";
constexpr const char* kInsertEvent =
    "INSERT INTO alert_events (alert_id, at_ms, kind, actor_id, tier, detail) VALUES ($1, $2, $3, $4, $5, $6)";
constexpr const char* kEvents =
    "SELECT e.id, e.alert_id, e.at_ms, e.kind, e.actor_id, COALESCE(ac.display_name, ''), e.tier, e.detail "
    "FROM alert_events e LEFT JOIN accounts ac ON ac.id = e.actor_id WHERE e.alert_id = $1 ORDER BY e.id";
constexpr const char* kMarkRead =
    "INSERT INTO alert_reads (account_id, alert_id, version) VALUES ($1, $2, $3) "
    "ON CONFLICT (account_id, alert_id) DO UPDATE SET version = excluded.version";
constexpr const char* kDue =
    "SELECT id FROM alerts WHERE escalate_ms IS NOT NULL AND escalate_ms <= $1 ORDER BY escalate_ms, id LIMIT $2";
constexpr const char* kPutTimes =
    "INSERT INTO response_times (org_unit_id, level, minutes, school_days) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (org_unit_id, level) DO UPDATE SET minutes = excluded.minutes, school_days = excluded.school_days";
constexpr const char* kClearTimes = "DELETE FROM response_times WHERE org_unit_id = $1";
constexpr const char* kInsertSignal =
    "INSERT INTO signals (student_id, alert_id, source, concerns, danger_now, level, filed_by, filed_role, note_id, "
    "created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
constexpr const char* kSignals =
    "SELECT g.id, g.student_id, g.alert_id, g.source, g.concerns, g.danger_now, g.level, g.filed_by, g.filed_role, "
    "COALESCE(ac.display_name, ''), g.note_id, g.created_ms FROM signals g LEFT JOIN accounts ac ON ac.id = g.filed_by "
    "WHERE g.alert_id = $1 ORDER BY g.id";

std::string ConcernsText(const std::vector<core::warning::Concern>& concerns) {
    std::string out;
    for (const auto c : concerns) {
        if (!out.empty()) out += ',';
        out += core::warning::ConcernName(c);
    }
    return out;
}

std::vector<core::warning::Concern> ParseConcerns(std::string_view text) {
    std::vector<core::warning::Concern> out;
    for (const auto& name : core::Split(text, ',')) {
        if (const auto c = core::warning::ParseConcern(name)) out.push_back(*c);
    }
    return out;
}

// The kColumns of a row, without the owners.
Alert ReadAlert(Row& row) {
    Alert a;
    a.id = row.Int();
    a.alert.student_id = row.Int();
    a.alert.org_path = row.Text();
    a.alert.source = row.Text();
    a.alert.source_id = row.OptInt();
    a.alert.level = LevelOf(row.Int());
    a.alert.reasons = ParseReasons(row.View());
    a.state = core::warning::ParseAlertState(row.View()).value_or(core::warning::AlertState::kOpen);
    a.alert.created_ms = row.Int();
    a.alert.due_ms = row.Int();
    const auto tier = row.Int();
    a.alert.tier = static_cast<core::warning::Tier>(std::clamp<std::int64_t>(tier, 0, 4));
    a.escalations = static_cast<int>(row.Int());
    a.version = row.Int();
    a.escalate_ms = row.OptInt();
    a.acknowledged_ms = row.OptInt();
    a.acknowledged_by = row.OptInt();
    a.assignee_id = row.OptInt();
    a.closed_ms = row.OptInt();
    if (const auto outcome = row.OptView()) a.outcome = core::warning::ParseOutcome(*outcome);
    a.reported = row.Bool();
    return a;
}

// The alerts the reader sees: owned by one of their grants ("(role = $i AND org_unit_id = $j)
// OR ...") or about a student of one of their classes.
void AddReaderMatch(SqlBuilder& b, const core::warning::InboxQuery& q) {
    b.Text("(");
    if (!q.as.empty()) {
        b.Text("a.id IN (SELECT alert_id FROM alert_owners WHERE ");
        for (std::size_t i = 0; i < q.as.size(); ++i) {
            b.Add(i ? " OR (role = " : "(role = ", std::string(core::auth::RoleName(q.as[i].role)));
            b.Add(" AND org_unit_id = ", q.as[i].unit_id, ")");
        }
        b.Text(")");
    }
    if (!q.classes.empty()) {
        b.Text(q.as.empty() ? "a.org_path IN (" : " OR a.org_path IN (");
        b.List(q.classes);
        b.Text(")");
    }
    b.Text(")");
}

void AddSourceMatch(SqlBuilder& b, const std::string& source) {
    if (source.empty()) return;
    if (source == "people") {
        b.Text(" AND a.reported = 1");
    } else if (source == "screening") {
        b.Text(" AND (a.source = 'screening' OR a.reported = 0)");
    } else {
        b.Add(" AND (a.source = ", source);
        b.Add(" OR EXISTS (SELECT 1 FROM signals g WHERE g.alert_id = a.id AND g.source = ", source, "))");
    }
}

Value StateValue(core::warning::AlertState s) { return std::string(core::warning::AlertStateName(s)); }

}  // namespace

Result<std::int64_t> SqlAlertRepository::Insert(const core::warning::NewAlert& a) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query(kInsert, {a.student_id, a.org_path, a.source, OptionalInt(a.source_id),
                                          std::int64_t{static_cast<int>(a.level)}, ReasonsText(a.reasons),
                                          a.created_ms, a.due_ms, std::int64_t{static_cast<int>(a.tier)}, a.due_ms,
                                          std::int64_t{a.source != "screening"}}));
    const std::int64_t id = rs.Int();
    XINQIAO_RETURN_IF_ERROR(AddOwners(id, a.owners));
    AlertEvent e;
    e.alert_id = id;
    e.at_ms = a.created_ms;
    e.kind = "raised";
    e.actor_id = a.raised_by;
    e.tier = a.tier;
    e.detail = a.source;
    XINQIAO_RETURN_IF_ERROR(AddEvent(e));
    return id;
}

Result<std::vector<Alert>> SqlAlertRepository::ReadAlerts(const ResultSet& rs) {
    std::vector<Alert> out = rs.Map(ReadAlert);
    std::vector<Alert*> all;
    for (auto& a : out) all.push_back(&a);
    XINQIAO_RETURN_IF_ERROR(AddOwners(all));
    return out;
}

Status SqlAlertRepository::AddOwners(const std::vector<Alert*>& alerts) {
    if (alerts.empty()) return core::Ok();
    SqlBuilder b;
    b.Text("SELECT alert_id, role, org_unit_id FROM alert_owners WHERE alert_id IN (");
    std::vector<std::int64_t> ids;
    for (const auto* a : alerts) ids.push_back(a->id);
    b.List(ids);
    b.Text(") ORDER BY alert_id, role, org_unit_id");
    XINQIAO_ASSIGN_OR_RETURN(auto owners, session_.Query(b.sql, b.params));
    std::map<std::int64_t, std::vector<Owner>> by_alert;
    owners.Each([&](Row& row) {
        const std::int64_t alert_id = row.Int();
        const auto role = core::auth::ParseRole(row.View());
        const std::int64_t unit = row.Int();
        if (role) by_alert[alert_id].push_back({*role, unit});
    });
    for (auto* a : alerts) a->alert.owners = std::move(by_alert[a->id]);
    return core::Ok();
}

Result<Alert> SqlAlertRepository::Get(std::int64_t id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(std::string("SELECT ") + kColumns + " FROM alerts a WHERE a.id = $1", {id}));
    XINQIAO_ASSIGN_OR_RETURN(auto alerts, ReadAlerts(rs));
    if (alerts.empty()) return core::Error::NotFound("no alert " + std::to_string(id));
    return std::move(alerts.front());
}

Result<std::vector<Alert>> SqlAlertRepository::OfStudent(std::int64_t student_id) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query(std::string("SELECT ") + kColumns + " FROM alerts a WHERE a.student_id = $1 ORDER BY a.id DESC",
                                {student_id}));
    return ReadAlerts(rs);
}

Result<bool> SqlAlertRepository::Update(const Alert& a) {
    XINQIAO_ASSIGN_OR_RETURN(
        const auto changed,
        session_.Execute(kUpdate,
                         {a.id, a.version, std::int64_t{static_cast<int>(a.alert.level)}, ReasonsText(a.alert.reasons),
                          StateValue(a.state), a.alert.due_ms, std::int64_t{static_cast<int>(a.alert.tier)},
                          std::int64_t{a.escalations}, OptionalInt(a.escalate_ms), OptionalInt(a.acknowledged_ms),
                          OptionalInt(a.acknowledged_by), OptionalInt(a.assignee_id), OptionalInt(a.closed_ms),
                          a.outcome ? Value(std::string(core::warning::OutcomeName(*a.outcome))) : Value(),
                          std::int64_t{a.reported}}));
    return changed == 1;
}

Status SqlAlertRepository::AddOwners(std::int64_t alert_id, const std::vector<Owner>& owners) {
    for (const auto& o : owners) {
        XINQIAO_RETURN_IF_ERROR(
            session_.Execute(kInsertOwner, {alert_id, std::string(core::auth::RoleName(o.role)), o.unit_id}));
    }
    return core::Ok();
}

Status SqlAlertRepository::AddEvent(const AlertEvent& e) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kInsertEvent, {e.alert_id, e.at_ms, e.kind, OptionalInt(e.actor_id),
                                                            std::int64_t{static_cast<int>(e.tier)}, e.detail}));
    return core::Ok();
}

Result<std::vector<AlertEvent>> SqlAlertRepository::Events(std::int64_t alert_id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kEvents, {alert_id}));
    return rs.Map([&](Row& row) {
        AlertEvent e;
        e.id = row.Int();
        e.alert_id = row.Int();
        e.at_ms = row.Int();
        e.kind = row.Text();
        e.actor_id = row.OptInt();
        e.actor_name = row.Text();
        e.tier = static_cast<core::warning::Tier>(std::clamp<std::int64_t>(row.Int(), 0, 4));
        e.detail = row.Text();
        return e;
    });
}

Status SqlAlertRepository::MarkRead(std::int64_t account_id, std::int64_t alert_id, std::int64_t version) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kMarkRead, {account_id, alert_id, version}));
    return core::Ok();
}

Result<core::warning::InboxPage> SqlAlertRepository::Inbox(const core::warning::InboxQuery& q) {
    core::warning::InboxPage page;
    if (q.as.empty() && q.classes.empty()) return page;
    using core::warning::AlertState;

    // The reader's live alerts: unread, by level, overdue.
    {
        SqlBuilder b;
        b.Add("SELECT "
              "COALESCE(SUM(CASE WHEN r.version IS NULL OR r.version < a.version THEN 1 ELSE 0 END), 0), "
              "COALESCE(SUM(CASE WHEN a.level = 1 THEN 1 ELSE 0 END), 0), "
              "COALESCE(SUM(CASE WHEN a.level = 2 THEN 1 ELSE 0 END), 0), "
              "COALESCE(SUM(CASE WHEN a.level = 3 THEN 1 ELSE 0 END), 0), "
              "COALESCE(SUM(CASE WHEN a.state = 'open' AND a.due_ms < ",
              q.now_ms, " THEN 1 ELSE 0 END), 0), COALESCE(SUM(a.reported), 0) FROM alerts a ");
        b.Add("LEFT JOIN alert_reads r ON r.alert_id = a.id AND r.account_id = ", q.account_id, " WHERE ");
        AddReaderMatch(b, q);
        b.Text(" AND a.state IN ('open', 'acknowledged')");
        XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(b.sql, b.params));
        rs.First([&](Row& row) {
            page.unread = row.Int();
            for (auto& n : page.by_level) n = row.Int();
            page.overdue = row.Int();
            page.reported = row.Int();
            return true;
        });
    }

    const auto states = q.states.empty() ? std::vector<AlertState>{AlertState::kOpen, AlertState::kAcknowledged}
                                         : q.states;
    // The query's conditions, appended to a statement whose parameters came before.
    const auto add_filters = [&](SqlBuilder& b) {
        AddReaderMatch(b, q);
        b.Text(" AND a.state IN (");
        std::vector<std::string> names;
        for (const auto st : states) names.emplace_back(core::warning::AlertStateName(st));
        b.List(names);
        b.Text(")");
        if (q.level) b.Add(" AND a.level = ", std::int64_t{static_cast<int>(*q.level)});
        if (q.overdue_only) b.Add(" AND a.state = 'open' AND a.due_ms < ", q.now_ms);
        AddSourceMatch(b, q.source);
        AddStudentSearch(b, "a.student_id", q.search);
    };
    {
        SqlBuilder b;
        b.Text("SELECT COUNT(*) FROM alerts a WHERE ");
        add_filters(b);
        XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(b.sql, b.params));
        page.total = rs.Int();
    }

    SqlBuilder b;
    b.Text(std::string("SELECT ") + kColumns +
           ", s.name, " + kClassLabel + ", sch.name, r.version FROM alerts a JOIN students s ON s.id = a.student_id" +
           kClassJoins + "JOIN org_units sch ON sch.id = s.school_id ");
    b.Add("LEFT JOIN alert_reads r ON r.alert_id = a.id AND r.account_id = ", q.account_id, " WHERE ");
    add_filters(b);
    // Open before acknowledged; level I first wherever it came from, then what people reported,
    // then the rest, most urgent and soonest due first.
    b.Text(" ORDER BY CASE a.state WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END, "
           "CASE WHEN a.level = 1 THEN 0 WHEN a.reported = 1 THEN 1 ELSE 2 END, a.level, a.due_ms, a.id");
    b.Add(" LIMIT ", std::int64_t{q.limit});
    b.Add(" OFFSET ", std::int64_t{q.offset});
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(b.sql, b.params));
    page.items = rs.Map([](Row& row) {
        core::warning::InboxItem item;
        item.alert = ReadAlert(row);
        item.student_name = row.Text();
        item.class_name = row.Text();
        item.school_name = row.Text();
        const auto seen = row.OptInt();
        item.unread = item.alert.state != AlertState::kClosed && (!seen || *seen < item.alert.version);
        return item;
    });
    std::vector<Alert*> alerts;
    for (auto& item : page.items) alerts.push_back(&item.alert);
    XINQIAO_RETURN_IF_ERROR(AddOwners(alerts));
    return page;
}

Result<std::vector<std::int64_t>> SqlAlertRepository::DueForEscalation(std::int64_t now_ms, int limit) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kDue, {now_ms, std::int64_t{limit}}));
    return rs.Map([](Row& row) { return row.Int(); });
}

Result<std::optional<core::warning::RegionalTimes>> SqlAlertRepository::ResponseTimesFor(
    const std::vector<core::org::OrgUnitId>& units) {
    if (units.empty()) return std::optional<core::warning::RegionalTimes>();
    SqlBuilder b;
    b.Text("SELECT org_unit_id, level, minutes, school_days FROM response_times WHERE org_unit_id IN (");
    b.List(units);
    b.Text(")");
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(b.sql, b.params));
    for (auto unit = units.rbegin(); unit != units.rend(); ++unit) {
        std::optional<core::warning::RegionalTimes> found;
        rs.Each([&](Row& row) {
            const auto unit_id = row.Int();
            const auto level = row.Int();
            const auto minutes = static_cast<int>(row.Int());
            const bool school_days = row.Bool();
            if (unit_id != *unit || level < 1 || level > 3) return;
            if (!found) found = core::warning::RegionalTimes{*unit, core::warning::DefaultResponseTimes()};
            found->times.by_level[static_cast<std::size_t>(level - 1)] = {minutes, school_days};
        });
        if (found) return found;
    }
    return std::optional<core::warning::RegionalTimes>();
}

Status SqlAlertRepository::SetResponseTimes(core::org::OrgUnitId unit, const core::warning::ResponseTimes& t) {
    for (std::size_t i = 0; i < t.by_level.size(); ++i) {
        XINQIAO_RETURN_IF_ERROR(session_.Execute(kPutTimes, {unit, static_cast<std::int64_t>(i + 1),
                                                             std::int64_t{t.by_level[i].minutes},
                                                             std::int64_t{t.by_level[i].school_days}}));
    }
    return core::Ok();
}

Status SqlAlertRepository::ClearResponseTimes(core::org::OrgUnitId unit) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kClearTimes, {unit}));
    return core::Ok();
}

Result<std::optional<Alert>> SqlAlertRepository::LiveOf(std::int64_t student_id) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query(std::string("SELECT ") + kColumns +
                                    " FROM alerts a WHERE a.student_id = $1 AND a.state <> 'closed' ORDER BY a.id DESC "
                                    "LIMIT 1",
                                {student_id}));
    XINQIAO_ASSIGN_OR_RETURN(auto alerts, ReadAlerts(rs));
    if (alerts.empty()) return std::optional<Alert>();
    return std::optional<Alert>(std::move(alerts.front()));
}

Result<std::int64_t> SqlAlertRepository::InsertSignal(const core::warning::Signal& g) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query(kInsertSignal, {g.student_id, g.alert_id,
                                                std::string(core::warning::SignalSourceName(g.report.source)),
                                                ConcernsText(g.report.concerns), std::int64_t{g.report.danger_now},
                                                std::int64_t{static_cast<int>(g.level)}, OptionalInt(g.filed_by),
                                                g.filed_role, OptionalInt(g.note_id), g.created_ms}));
    return rs.Int();
}

Result<std::vector<core::warning::Signal>> SqlAlertRepository::Signals(std::int64_t alert_id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSignals, {alert_id}));
    return rs.Map([&](Row& row) {
        core::warning::Signal g;
        g.id = row.Int();
        g.student_id = row.Int();
        g.alert_id = row.Int();
        g.report.source = core::warning::ParseSignalSource(row.View()).value_or(core::warning::SignalSource::kTeacher);
        g.report.concerns = ParseConcerns(row.View());
        g.report.danger_now = row.Bool();
        g.level = LevelOf(row.Int());
        g.filed_by = row.OptInt();
        g.filed_role = row.Text();
        g.filer_name = row.Text();
        g.note_id = row.OptInt();
        g.created_ms = row.Int();
        return g;
    });
}

Result<std::vector<core::warning::Handler>> SqlAlertRepository::HoldersOf(
    const std::vector<core::org::OrgUnitId>& units, const std::vector<core::auth::Role>& roles) {
    std::vector<core::warning::Handler> out;
    if (units.empty() || roles.empty()) return out;
    SqlBuilder b;
    b.Text("SELECT a.id, a.display_name, g.role, g.org_unit_id FROM grants g JOIN accounts a ON a.id = g.account_id "
           "WHERE a.is_disabled = 0 AND g.org_unit_id IN (");
    b.List(units);
    b.Text(") AND g.role IN (");
    std::vector<std::string> names;
    for (const auto role : roles) names.emplace_back(core::auth::RoleName(role));
    b.List(names);
    b.Text(") ORDER BY a.display_name, a.id, g.role");
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(b.sql, b.params));
    rs.Each([&](Row& row) {
        const std::int64_t account = row.Int();
        std::string name = row.Text();
        const auto role = core::auth::ParseRole(row.View());
        const std::int64_t unit = row.Int();
        if (role) out.push_back({account, std::move(name), *role, unit});
    });
    return out;
}

}  // namespace xinqiao::store
