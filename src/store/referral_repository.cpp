#include "store/referral_repository.hpp"

#include <boost/json.hpp>

#include "core/org/org_unit.hpp"
#include "store/sealed_columns.hpp"
#include "store/sql_builder.hpp"

namespace xinqiao::store {
namespace {

namespace json = boost::json;
using core::cases::FollowUp;
using core::cases::Referral;
using core::cases::ReferralState;

constexpr const char* kReferralColumns =
    "f.id, f.case_id, f.student_id, f.org_path, f.hospital_id, h.name, f.state, f.created_ms, f.created_by, "
    "f.answered_ms, f.outcome_ms, f.verdict, f.assessed_ms, f.return_day, f.planned_ms, f.version, "
    "f.reason_enc, f.decline_enc, f.outcome_enc, f.return_enc, f.plan_enc, f.withdrawn_ms, f.withdraw_enc";
constexpr const char* kReferralFrom = " FROM referrals f JOIN org_units h ON h.id = f.hospital_id ";

// The hospital's outcome is one sealed value: its parts mean nothing apart.
std::string OutcomeText(const core::cases::ReferralOutcome& o) {
    return json::serialize(json::object{{"attended", o.attended},
                                        {"admitted", o.admitted},
                                        {"diagnosis", o.diagnosis},
                                        {"recommendations", o.recommendations}});
}

core::Result<core::cases::ReferralOutcome> ParseOutcome(const std::string& text) {
    boost::system::error_code ec;
    const auto v = json::parse(text, ec);
    if (ec || !v.is_object()) return core::Error::Internal("a stored referral outcome is not readable");
    const auto& o = v.get_object();
    core::cases::ReferralOutcome out;
    if (const auto* b = o.if_contains("attended"); b && b->is_bool()) out.attended = b->get_bool();
    if (const auto* b = o.if_contains("admitted"); b && b->is_bool()) out.admitted = b->get_bool();
    if (const auto* t = o.if_contains("diagnosis"); t && t->is_string()) out.diagnosis = std::string(t->get_string());
    if (const auto* t = o.if_contains("recommendations"); t && t->is_string()) {
        out.recommendations = std::string(t->get_string());
    }
    return out;
}

Value OptionalText(const std::optional<std::string_view>& v) {
    if (!v) return nullptr;
    return std::string(*v);
}

}  // namespace

Result<Referral> SqlReferralRepository::ReadReferral(Row& row, bool details) const {
    Referral r;
    r.id = row.Int();
    r.case_id = row.Int();
    r.student_id = row.Int();
    r.org_path = row.Text();
    r.hospital_id = row.Int();
    r.hospital_name = row.Text();
    r.state = core::cases::ParseReferralState(row.View()).value_or(ReferralState::kSent);
    r.created_ms = row.Int();
    r.created_by = row.OptInt();
    r.answered_ms = row.OptInt();
    r.outcome_ms = row.OptInt();
    r.verdict = core::cases::ParseReturnVerdict(row.View());
    r.assessed_ms = row.OptInt();
    r.return_day = row.Text();
    r.planned_ms = row.OptInt();
    r.version = row.Int();
    const std::string_view reason = row.View();
    const std::string_view decline = row.View();
    const std::string_view outcome_sealed = row.View();
    const std::string_view return_assessment = row.View();
    const std::string_view return_plan = row.View();
    r.withdrawn_ms = row.OptInt();
    const std::string_view withdraw = row.View();
    if (details) {
        XINQIAO_ASSIGN_OR_RETURN(r.withdraw_reason, OpenOrEmpty(keyring_, withdraw, kReferralWithdraw));
        XINQIAO_ASSIGN_OR_RETURN(r.reason, OpenOrEmpty(keyring_, reason, kReferralReason));
        XINQIAO_ASSIGN_OR_RETURN(r.decline_reason, OpenOrEmpty(keyring_, decline, kReferralDecline));
        XINQIAO_ASSIGN_OR_RETURN(const auto outcome, OpenOrEmpty(keyring_, outcome_sealed, kReferralOutcome));
        if (!outcome.empty()) {
            XINQIAO_ASSIGN_OR_RETURN(r.outcome, ParseOutcome(outcome));
        }
        XINQIAO_ASSIGN_OR_RETURN(r.return_assessment, OpenOrEmpty(keyring_, return_assessment, kReferralReturn));
        XINQIAO_ASSIGN_OR_RETURN(r.return_plan, OpenOrEmpty(keyring_, return_plan, kReferralPlan));
    }
    return r;
}

Result<std::vector<Referral>> SqlReferralRepository::Read(const ResultSet& rs, bool details) const {
    return rs.Map([&](Row& row) { return ReadReferral(row, details); });
}

Result<std::int64_t> SqlReferralRepository::Insert(const Referral& r) {
    auto rs = session_.Query(
        "INSERT INTO referrals (case_id, student_id, org_path, hospital_id, state, created_ms, created_by, "
        "reason_enc, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING id",
        {r.case_id, r.student_id, r.org_path, r.hospital_id, std::string(core::cases::ReferralStateName(r.state)),
         r.created_ms, OptionalInt(r.created_by), SealOrEmpty(keyring_, r.reason, kReferralReason)});
    if (!rs) {
        if (rs.error().code == core::ErrorCode::kAlreadyExists) {
            return core::Error::AlreadyExists("this case already has a referral under way");
        }
        return std::move(rs).error();
    }
    return rs->Int();
}

Result<Referral> SqlReferralRepository::Get(std::int64_t id, bool details) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query(std::string("SELECT ") + kReferralColumns + kReferralFrom + "WHERE f.id = $1", {id}));
    XINQIAO_ASSIGN_OR_RETURN(auto found, rs.First([&](Row& row) { return ReadReferral(row, details); }));
    if (!found) return core::Error::NotFound("no referral " + std::to_string(id));
    return std::move(*found);
}

Result<std::vector<Referral>> SqlReferralRepository::OfCase(std::int64_t case_id, bool details) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(std::string("SELECT ") + kReferralColumns + kReferralFrom +
                                                         "WHERE f.case_id = $1 ORDER BY f.id",
                                                     {case_id}));
    return Read(rs, details);
}

Result<bool> SqlReferralRepository::Update(const Referral& r) {
    const Value verdict = r.verdict ? Value(std::string(core::cases::ReturnVerdictName(*r.verdict))) : Value(nullptr);
    XINQIAO_ASSIGN_OR_RETURN(
        const auto n,
        session_.Execute(
            "UPDATE referrals SET state = $3, answered_ms = $4, outcome_ms = $5, verdict = $6, assessed_ms = $7, "
            "return_day = $8, planned_ms = $9, decline_enc = $10, outcome_enc = $11, return_enc = $12, "
            "plan_enc = $13, withdrawn_ms = $14, withdraw_enc = $15, version = version + 1 WHERE id = $1 AND version = $2",
            {r.id, r.version, std::string(core::cases::ReferralStateName(r.state)), OptionalInt(r.answered_ms),
             OptionalInt(r.outcome_ms), verdict, OptionalInt(r.assessed_ms), r.return_day,
             OptionalInt(r.planned_ms), SealOrEmpty(keyring_, r.decline_reason, kReferralDecline),
             r.outcome ? keyring_.Encrypt(OutcomeText(*r.outcome), kReferralOutcome.context) : std::string(),
             SealOrEmpty(keyring_, r.return_assessment, kReferralReturn),
             SealOrEmpty(keyring_, r.return_plan, kReferralPlan), OptionalInt(r.withdrawn_ms),
             SealOrEmpty(keyring_, r.withdraw_reason, kReferralWithdraw)}));
    return n == 1;
}

Result<bool> SqlReferralRepository::IsReferredTo(std::int64_t student_id, const std::vector<core::org::OrgUnitId>& hospitals) {
    if (hospitals.empty()) return false;
    SqlBuilder b;
    b.Text("SELECT 1 FROM referrals f JOIN cases c ON c.id = f.case_id ");
    b.Add("WHERE f.student_id = ", student_id);
    b.Text(" AND f.state NOT IN ('declined', 'withdrawn') AND c.state = 'open' AND f.hospital_id IN (");
    b.List(hospitals);
    b.Text(") LIMIT 1");
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(b.sql, b.params));
    return rs.rows() > 0;
}

Result<std::vector<core::cases::ReferralRow>> SqlReferralRepository::ToHospitals(
    const std::vector<core::org::OrgUnitId>& hospitals, int limit) {
    std::vector<core::cases::ReferralRow> out;
    if (hospitals.empty()) return out;
    SqlBuilder b;
    b.Text(std::string("SELECT ") + kReferralColumns +
           ", s.name, " + kClassLabel + ", sch.name" + kReferralFrom +
           "JOIN cases c ON c.id = f.case_id JOIN students s ON s.id = f.student_id" + kClassJoins +
           "JOIN org_units sch ON sch.id = s.school_id "
           "WHERE f.state <> 'declined' AND c.state = 'open' AND f.hospital_id IN (");
    b.List(hospitals);
    b.Add(") ORDER BY f.id DESC LIMIT ", std::int64_t{limit});
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(b.sql, b.params));
    return rs.Map([&](Row& row) -> Result<core::cases::ReferralRow> {
        XINQIAO_ASSIGN_OR_RETURN(auto referral, ReadReferral(row, false));
        core::cases::ReferralRow r{std::move(referral), row.Text(), row.Text(), row.Text()};
        return r;
    });
}

Result<std::vector<core::org::OrgUnitId>> SqlReferralRepository::PartnerHospitals(const std::string& student_path) {
    std::vector<core::org::OrgUnitId> out;
    const auto above = core::org::PathIds(student_path);
    if (above.empty()) return out;
    SqlBuilder b;
    b.Text("SELECT id FROM org_units WHERE kind = 'hospital' AND parent_id IN (");
    b.List(above);
    b.Text(") ORDER BY depth DESC, id");
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(b.sql, b.params));
    return rs.Map([](Row& row) { return row.Int(); });
}

// ---- follow-up visits ----

namespace {

constexpr const char* kFollowUpColumns =
    "v.id, v.case_id, v.student_id, v.org_path, v.plan, v.due_day, v.state, v.result, v.note_enc, v.done_ms, "
    "v.done_by, COALESCE(a.display_name, ''), v.created_ms, v.created_by";
constexpr const char* kFollowUpFrom = " FROM follow_ups v LEFT JOIN accounts a ON a.id = v.done_by ";

// The kFollowUpColumns of a row; the note opened only with a keyring.
Result<FollowUp> ReadFollowUp(Row& row, const Keyring* keyring) {
    FollowUp f;
    f.id = row.Int();
    f.case_id = row.Int();
    f.student_id = row.Int();
    f.org_path = row.Text();
    f.plan = core::cases::ParseFollowUpPlan(row.View()).value_or(core::cases::FollowUpPlan::kSingle);
    f.due = core::ParseDate(row.View()).value_or(core::Date{});
    f.state = core::cases::ParseFollowUpState(row.View()).value_or(core::cases::FollowUpState::kOpen);
    f.result = core::cases::ParseFollowUpResult(row.View());
    const std::string_view sealed_note = row.View();
    if (keyring) {
        XINQIAO_ASSIGN_OR_RETURN(f.note, OpenOrEmpty(*keyring, sealed_note, kFollowUpNote));
    }
    f.done_ms = row.OptInt();
    f.done_by = row.OptInt();
    f.done_by_name = row.Text();
    f.created_ms = row.Int();
    f.created_by = row.OptInt();
    return f;
}

}  // namespace

Status SqlFollowUpRepository::Insert(const std::vector<FollowUp>& visits) {
    for (const auto& f : visits) {
        XINQIAO_RETURN_IF_ERROR(session_.Execute(
            "INSERT INTO follow_ups (case_id, student_id, org_path, plan, due_day, state, created_ms, created_by) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            {f.case_id, f.student_id, f.org_path, std::string(core::cases::FollowUpPlanName(f.plan)),
             core::FormatDate(f.due), std::string(core::cases::FollowUpStateName(f.state)), f.created_ms,
             OptionalInt(f.created_by)}));
    }
    return core::Ok();
}

Result<FollowUp> SqlFollowUpRepository::Get(std::int64_t id) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query(std::string("SELECT ") + kFollowUpColumns + kFollowUpFrom + "WHERE v.id = $1", {id}));
    XINQIAO_ASSIGN_OR_RETURN(auto found, rs.First([](Row& row) { return ReadFollowUp(row, nullptr); }));
    if (!found) return core::Error::NotFound("no follow-up " + std::to_string(id));
    return std::move(*found);
}

Result<std::vector<FollowUp>> SqlFollowUpRepository::OfCase(std::int64_t case_id, bool notes) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(std::string("SELECT ") + kFollowUpColumns + kFollowUpFrom +
                                                         "WHERE v.case_id = $1 ORDER BY v.due_day, v.id",
                                                     {case_id}));
    const Keyring* keyring = notes ? &keyring_ : nullptr;
    return rs.Map([&](Row& row) { return ReadFollowUp(row, keyring); });
}

Result<int> SqlFollowUpRepository::OpenCount(std::int64_t case_id) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query("SELECT COUNT(*) FROM follow_ups WHERE case_id = $1 AND state = 'open'", {case_id}));
    return static_cast<int>(rs.Int());
}

Result<bool> SqlFollowUpRepository::Finish(const FollowUp& f) {
    const auto result = OptionalText(f.result ? std::optional<std::string_view>(core::cases::FollowUpResultName(*f.result))
                                              : std::nullopt);
    XINQIAO_ASSIGN_OR_RETURN(
        const auto n, session_.Execute("UPDATE follow_ups SET state = $2, result = $3, note_enc = $4, done_ms = $5, "
                                       "done_by = $6 WHERE id = $1 AND state = 'open'",
                                       {f.id, std::string(core::cases::FollowUpStateName(f.state)), result,
                                        SealOrEmpty(keyring_, f.note, kFollowUpNote), OptionalInt(f.done_ms),
                                        OptionalInt(f.done_by)}));
    return n == 1;
}

Result<std::vector<core::cases::FollowUpRow>> SqlFollowUpRepository::InUnit(const std::string& path,
                                                                            const core::Date& from,
                                                                            const core::Date& to, bool open_only,
                                                                            int limit) {
    SqlBuilder b;
    b.Text(std::string("SELECT ") + kFollowUpColumns + ", s.name, " + kClassLabel + kFollowUpFrom +
           "JOIN students s ON s.id = v.student_id" + kClassJoins);
    b.Add("WHERE v.org_path >= ", path);
    b.Add(" AND v.org_path < ", core::org::SubtreeUpperBound(path));
    b.Add(" AND v.due_day >= ", core::FormatDate(from));
    b.Add(" AND v.due_day <= ", core::FormatDate(to));
    if (open_only) b.Text(" AND v.state = 'open'");
    b.Add(" ORDER BY v.due_day, v.id LIMIT ", std::int64_t{limit});
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(b.sql, b.params));
    return rs.Map([](Row& row) -> Result<core::cases::FollowUpRow> {
        XINQIAO_ASSIGN_OR_RETURN(auto f, ReadFollowUp(row, nullptr));
        core::cases::FollowUpRow r{std::move(f), row.Text(), row.Text()};
        return r;
    });
}

}  // namespace xinqiao::store
