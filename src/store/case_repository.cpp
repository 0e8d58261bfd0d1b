#include "store/case_repository.hpp"

#include <algorithm>
#include <map>

#include "core/org/org_unit.hpp"
#include "store/sealed_columns.hpp"
#include "store/sql_builder.hpp"
#include "store/student_repository.hpp"

namespace xinqiao::store {
namespace {

using core::cases::Case;
using core::cases::CaseState;
using core::cases::CaseStep;

constexpr const char* kColumns =
    "c.id, c.student_id, c.org_path, c.alert_id, c.state, c.step, c.opened_ms, c.opened_by, c.closed_ms, c.version";

std::int64_t StepValueIndex(std::int64_t n) { return std::clamp<std::int64_t>(n, 0, 5); }
CaseStep StepOf(std::int64_t n) { return static_cast<CaseStep>(StepValueIndex(n)); }
Value StepValue(CaseStep s) { return std::int64_t{static_cast<int>(s)}; }

// The kColumns of a row.
Case ReadCase(Row& row) {
    Case c;
    c.id = row.Int();
    c.student_id = row.Int();
    c.org_path = row.Text();
    c.alert_id = row.OptInt();
    c.state = core::cases::ParseCaseState(row.View()).value_or(CaseState::kOpen);
    c.step = StepOf(row.Int());
    c.opened_ms = row.Int();
    c.opened_by = row.OptInt();
    c.closed_ms = row.OptInt();
    c.version = row.Int();
    return c;
}

}  // namespace

Result<std::int64_t> SqlCaseRepository::Insert(const Case& c) {
    auto rs = session_.Query(
        "INSERT INTO cases (student_id, org_path, alert_id, state, step, opened_ms, opened_by, version) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id",
        {c.student_id, c.org_path, OptionalInt(c.alert_id), std::string(core::cases::CaseStateName(c.state)),
         StepValue(c.step), c.opened_ms, OptionalInt(c.opened_by)});
    if (!rs) {
        if (rs.error().code == core::ErrorCode::kAlreadyExists) {
            return core::Error::AlreadyExists("this student already has an open case");
        }
        return std::move(rs).error();
    }
    return rs->Int();
}

Result<Case> SqlCaseRepository::Get(std::int64_t id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(std::string("SELECT ") + kColumns + " FROM cases c WHERE c.id = $1", {id}));
    auto c = rs.First(ReadCase);
    if (!c) return core::Error::NotFound("no case " + std::to_string(id));
    return std::move(*c);
}

Result<std::optional<Case>> SqlCaseRepository::OpenOf(std::int64_t student_id) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query(std::string("SELECT ") + kColumns +
                                    " FROM cases c WHERE c.student_id = $1 AND c.state = 'open'",
                                {student_id}));
    return rs.First(ReadCase);
}

Result<std::vector<Case>> SqlCaseRepository::OfStudent(std::int64_t student_id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(std::string("SELECT ") + kColumns +
                                                         " FROM cases c WHERE c.student_id = $1 ORDER BY c.id DESC",
                                                     {student_id}));
    return rs.Map(ReadCase);
}

Result<bool> SqlCaseRepository::Update(const Case& c) {
    XINQIAO_ASSIGN_OR_RETURN(
        const auto n, session_.Execute("UPDATE cases SET state = $3, step = $4, closed_ms = $5, version = version + 1 "
                                       "WHERE id = $1 AND version = $2",
                                       {c.id, c.version, std::string(core::cases::CaseStateName(c.state)),
                                        StepValue(c.step), OptionalInt(c.closed_ms)}));
    return n == 1;
}

Result<std::int64_t> SqlCaseRepository::AddRecord(const core::cases::CaseRecord& r) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query("INSERT INTO case_records (case_id, step, kind, subtype, body_enc, author_id, "
                                "author_role, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                                {r.case_id, StepValue(r.step), std::string(core::cases::RecordKindName(r.kind)),
                                 r.subtype, keyring_.Encrypt(r.body, kCaseRecordBody.context),
                                 OptionalInt(r.author_id), r.author_role, r.created_ms}));
    return rs.Int();
}

Result<std::vector<core::cases::CaseRecord>> SqlCaseRepository::Records(std::int64_t case_id, bool bodies) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query("SELECT r.id, r.case_id, r.step, r.kind, r.subtype, r.body_enc, r.author_id, "
                                "r.author_role, COALESCE(a.display_name, ''), r.created_ms FROM case_records r "
                                "LEFT JOIN accounts a ON a.id = r.author_id WHERE r.case_id = $1 ORDER BY r.id",
                                {case_id}));
    return rs.Map([&](Row& row) -> Result<core::cases::CaseRecord> {
        core::cases::CaseRecord r;
        r.id = row.Int();
        r.case_id = row.Int();
        r.step = StepOf(row.Int());
        r.kind = core::cases::ParseRecordKind(row.View()).value_or(core::cases::RecordKind::kNote);
        r.subtype = row.Text();
        const std::string_view sealed_body = row.View();
        if (bodies) {
            XINQIAO_ASSIGN_OR_RETURN(r.body, keyring_.Decrypt(sealed_body, kCaseRecordBody.context));
        }
        r.author_id = row.OptInt();
        r.author_role = row.Text();
        r.author_name = row.Text();
        r.created_ms = row.Int();
        return r;
    });
}

Status SqlCaseRepository::AddEvent(const core::cases::CaseEvent& e) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(
        "INSERT INTO case_events (case_id, at_ms, kind, actor_id, step, detail) VALUES ($1, $2, $3, $4, $5, $6)",
        {e.case_id, e.at_ms, e.kind, OptionalInt(e.actor_id), StepValue(e.step), e.detail}));
    return core::Ok();
}

Result<std::int64_t> SqlCaseRepository::AddConference(const core::cases::CaseConference& c) {
    // Names never hold a line break (the service checks), so one sealed value keeps the list.
    std::string names;
    for (const auto& n : c.participants) names += (names.empty() ? "" : "\n") + n;
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query("INSERT INTO case_conferences (case_id, held_on, participants_enc, findings_enc, "
                                "decisions_enc, author_id, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                                {c.case_id, core::FormatDate(c.held_on), keyring_.Encrypt(names, kConferenceParticipants.context),
                                 keyring_.Encrypt(c.findings, kConferenceFindings.context),
                                 keyring_.Encrypt(c.decisions, kConferenceDecisions.context), OptionalInt(c.author_id),
                                 c.created_ms}));
    return rs.Int();
}

Result<std::vector<core::cases::CaseConference>> SqlCaseRepository::Conferences(std::int64_t case_id, bool words) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query("SELECT c.id, c.case_id, c.held_on, c.participants_enc, c.findings_enc, c.decisions_enc, "
                                "c.author_id, COALESCE(a.display_name, ''), c.created_ms FROM case_conferences c "
                                "LEFT JOIN accounts a ON a.id = c.author_id WHERE c.case_id = $1 ORDER BY c.id",
                                {case_id}));
    return rs.Map([&](Row& row) -> Result<core::cases::CaseConference> {
        core::cases::CaseConference c;
        c.id = row.Int();
        c.case_id = row.Int();
        c.held_on = core::ParseDate(row.View()).value_or(core::Date{});
        const std::string_view sealed_names = row.View();
        const std::string_view sealed_findings = row.View();
        const std::string_view sealed_decisions = row.View();
        if (words) {
            XINQIAO_ASSIGN_OR_RETURN(const auto names, keyring_.Decrypt(sealed_names, kConferenceParticipants.context));
            std::size_t from = 0;
            while (from <= names.size() && !names.empty()) {
                const auto to = names.find('\n', from);
                c.participants.push_back(names.substr(from, to == std::string::npos ? std::string::npos : to - from));
                if (to == std::string::npos) break;
                from = to + 1;
            }
            XINQIAO_ASSIGN_OR_RETURN(c.findings, keyring_.Decrypt(sealed_findings, kConferenceFindings.context));
            XINQIAO_ASSIGN_OR_RETURN(c.decisions, keyring_.Decrypt(sealed_decisions, kConferenceDecisions.context));
        }
        c.author_id = row.OptInt();
        c.author_name = row.Text();
        c.created_ms = row.Int();
        return c;
    });
}

Result<std::vector<core::cases::CaseEvent>> SqlCaseRepository::Events(std::int64_t case_id) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query("SELECT e.id, e.case_id, e.at_ms, e.kind, e.actor_id, COALESCE(a.display_name, ''), "
                                "e.step, e.detail FROM case_events e LEFT JOIN accounts a ON a.id = e.actor_id "
                                "WHERE e.case_id = $1 ORDER BY e.id",
                                {case_id}));
    return rs.Map([](Row& row) {
        // Braces evaluate left to right: the fields in SELECT order.
        return core::cases::CaseEvent{row.Int(),    row.Int(),  row.Int(),         row.Text(),
                                      row.OptInt(), row.Text(), StepOf(row.Int()), row.Text()};
    });
}

Result<std::vector<core::cases::RegisterCounts>> SqlCaseRepository::Counts(const std::string& path,
                                                                           const core::Date& today,
                                                                           std::int64_t since_ms) {
    std::map<core::org::OrgUnitId, core::cases::RegisterCounts> by_school;
    const auto upper = core::org::SubtreeUpperBound(path);
    // Each count is one grouped range scan over the unit's subtree; `what` is the count's slot.
    const auto tally = [&](const std::string& sql, const Params& extra, auto&& what) -> Status {
        Params params = {path, upper};
        params.insert(params.end(), extra.begin(), extra.end());
        XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(sql, params));
        rs.Each([&](Row& r) {
            const auto school = r.Int();
            auto& row = by_school[school];
            row.school_id = school;
            row.school_name = r.Text();
            what(row, r);
        });
        return core::Ok();
    };
    constexpr const char* kFromStudents = " JOIN students s ON s.id = x.student_id JOIN org_units sch ON sch.id = s.school_id "
                                          "WHERE x.org_path >= $1 AND x.org_path < $2 ";
    XINQIAO_RETURN_IF_ERROR(tally(std::string("SELECT s.school_id, sch.name, x.step, COUNT(*) FROM cases x") + kFromStudents +
                                      "AND x.state = 'open' GROUP BY s.school_id, sch.name, x.step",
                                  {}, [](auto& row, Row& r) {
                                      const auto step = static_cast<std::size_t>(StepValueIndex(r.Int()));
                                      row.open_by_step[step] += r.Int();
                                  }));
    XINQIAO_RETURN_IF_ERROR(tally(std::string("SELECT s.school_id, sch.name, COUNT(*) FROM referrals x") + kFromStudents +
                                      "AND x.state IN ('sent', 'accepted', 'seen', 'return_assessed') GROUP BY s.school_id, sch.name",
                                  {}, [](auto& row, Row& r) { row.referrals_under_way = r.Int(); }));
    XINQIAO_RETURN_IF_ERROR(tally(std::string("SELECT s.school_id, sch.name, COUNT(*) FROM follow_ups x") + kFromStudents +
                                      "AND x.state = 'open' AND x.due_day < $3 GROUP BY s.school_id, sch.name",
                                  {core::FormatDate(today)},
                                  [](auto& row, Row& r) { row.overdue_follow_ups = r.Int(); }));
    XINQIAO_RETURN_IF_ERROR(tally(std::string("SELECT s.school_id, sch.name, COUNT(*) FROM cases x") + kFromStudents +
                                      "AND x.state = 'closed' AND x.closed_ms >= $3 GROUP BY s.school_id, sch.name",
                                  {since_ms}, [](auto& row, Row& r) { row.closed_since = r.Int(); }));
    std::vector<core::cases::RegisterCounts> out;
    for (auto& [id, row] : by_school) out.push_back(std::move(row));
    return out;
}

Result<std::vector<core::cases::RegisterRow>> SqlCaseRepository::Register(const std::string& path,
                                                                          std::optional<CaseState> state,
                                                                          const std::string& search, int limit,
                                                                          int offset) {
    SqlBuilder b;
    b.Text(std::string("SELECT ") + kColumns +
           ", s.name, " + kClassLabel + ", sch.name FROM cases c JOIN students s ON s.id = c.student_id" + kClassJoins +
           "JOIN org_units sch ON sch.id = s.school_id ");
    b.Add("WHERE c.org_path >= ", path);
    b.Add(" AND c.org_path < ", core::org::SubtreeUpperBound(path));
    if (state) b.Add(" AND c.state = ", std::string(core::cases::CaseStateName(*state)));
    AddStudentSearch(b, "c.student_id", search);
    b.Add(" ORDER BY c.id DESC LIMIT ", std::int64_t{limit});
    b.Add(" OFFSET ", std::int64_t{offset});
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(b.sql, b.params));
    return rs.Map([](Row& row) {
        // Braces evaluate left to right: the case's columns, then the names.
        return core::cases::RegisterRow{ReadCase(row), row.Text(), row.Text(), row.Text()};
    });
}

}  // namespace xinqiao::store
