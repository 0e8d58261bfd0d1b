#include "store/screening_repository.hpp"

#include <boost/json.hpp>

#include "store/sealed_columns.hpp"
#include "store/sql_builder.hpp"

namespace xinqiao::store {
namespace {

namespace json = boost::json;
using core::Error;
using core::screening::Assignment;
using core::screening::AssignmentListItem;
using core::screening::BatteryAnswers;
using core::screening::Campaign;
using core::screening::Level;
using core::screening::StoredAssessment;
using core::screening::StoredResponse;

// Stored texts are written only by this file; a value that does not parse is corruption.
Error Corrupt(std::string_view what) { return Error::Internal("a stored " + std::string(what) + " is malformed"); }

std::string GradesText(const std::vector<int>& grades) {
    json::array a;
    for (int g : grades) a.push_back(g);
    return json::serialize(a);
}

std::string BatteryText(const std::vector<core::screening::BatteryEntry>& battery) {
    json::array a;
    for (const auto& b : battery) a.push_back({{"id", b.instrument_id}, {"version", b.version}});
    return json::serialize(a);
}

std::string AnswersText(const BatteryAnswers& answers) {
    json::object o;
    for (const auto& [id, values] : answers) {
        json::array a;
        for (const auto& v : values) {
            if (v) {
                a.push_back(*v);
            } else {
                a.push_back(nullptr);
            }
        }
        o[id] = std::move(a);
    }
    return json::serialize(o);
}

core::screening::Answers ValuesOf(const json::array& a) {
    core::screening::Answers out;
    for (const auto& v : a) {
        if (v.is_int64()) {
            out.emplace_back(static_cast<int>(v.get_int64()));
        } else {
            out.emplace_back();
        }
    }
    return out;
}

Result<BatteryAnswers> ParseAnswers(std::string_view text) {
    boost::system::error_code ec;
    const json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return Corrupt("answer set");
    BatteryAnswers out;
    for (const auto& [id, values] : v.get_object()) {
        if (!values.is_array()) return Corrupt("answer set");
        out[std::string(id)] = ValuesOf(values.get_array());
    }
    return out;
}

}  // namespace

std::string ReasonsText(const std::vector<core::screening::Reason>& reasons) {
    json::array a;
    for (const auto& r : reasons) {
        json::object o{{"level", static_cast<int>(r.level)}, {"zh", r.zh}, {"en", r.en}};
        if (r.from_answers) o["answers"] = true;
        a.push_back(std::move(o));
    }
    return json::serialize(a);
}

std::vector<core::screening::Reason> ParseReasons(std::string_view text) {
    std::vector<core::screening::Reason> out;
    boost::system::error_code ec;
    const json::value v = json::parse(text, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& r : v.get_array()) {
        const auto* o = r.if_object();
        if (!o) continue;
        core::screening::Reason reason;
        if (const auto* l = o->if_contains("level"); l && l->is_int64()) reason.level = static_cast<Level>(l->get_int64());
        if (const auto* s = o->if_contains("zh"); s && s->is_string()) reason.zh = std::string(s->get_string());
        if (const auto* s = o->if_contains("en"); s && s->is_string()) reason.en = std::string(s->get_string());
        if (const auto* b = o->if_contains("answers"); b && b->is_bool()) reason.from_answers = b->get_bool();
        out.push_back(std::move(reason));
    }
    return out;
}

namespace {

std::string SubscalesText(const std::map<std::string, int>& subscales) {
    json::object o;
    for (const auto& [k, v] : subscales) o[k] = v;
    return json::serialize(o);
}

std::map<std::string, int> ParseSubscales(std::string_view text) {
    std::map<std::string, int> out;
    boost::system::error_code ec;
    const json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return out;
    for (const auto& [k, x] : v.get_object()) {
        if (x.is_int64()) out[std::string(k)] = static_cast<int>(x.get_int64());
    }
    return out;
}

}  // namespace

Level LevelOf(std::int64_t n) { return n >= 1 && n <= 4 ? static_cast<Level>(n) : Level::kIV; }

namespace {

constexpr const char* kCampaignColumns =
    "id, org_unit_id, org_path, name, grades, battery, opens_ms, closes_ms, anonymous, consent_required, rules, "
    "closed, created_by, created_ms";

Result<std::vector<Campaign>> ToCampaigns(const ResultSet& rs) {
    return rs.Map([&](Row& row) -> Result<Campaign> {
        Campaign c;
        c.id = row.Int();
        c.unit_id = row.Int();
        c.org_path = row.Text();
        c.name = row.Text();
        const std::string_view grades_text = row.View();
        const std::string_view battery_text = row.View();
        boost::system::error_code ec;
        const json::value grades = json::parse(grades_text, ec);
        if (ec || !grades.is_array()) return Corrupt("campaign");
        for (const auto& g : grades.get_array()) {
            if (g.is_int64()) c.grades.push_back(static_cast<int>(g.get_int64()));
        }
        const json::value battery = json::parse(battery_text, ec);
        if (ec || !battery.is_array()) return Corrupt("campaign");
        for (const auto& b : battery.get_array()) {
            const auto* o = b.if_object();
            if (!o || !o->contains("id") || !o->at("id").is_string()) return Corrupt("campaign");
            core::screening::BatteryEntry e;
            e.instrument_id = std::string(o->at("id").get_string());
            if (const auto* v = o->if_contains("version"); v && v->is_string()) e.version = std::string(v->get_string());
            c.battery.push_back(std::move(e));
        }
        c.opens_ms = row.Int();
        c.closes_ms = row.Int();
        c.anonymous = row.Bool();
        c.consent_required = row.Bool();
        c.rules = row.Text();
        c.closed = row.Bool();
        c.created_by = row.OptInt();
        c.created_ms = row.Int();
        return c;
    });
}

constexpr const char* kAssignmentColumns =
    "a.id, a.campaign_id, a.student_id, a.class_id, a.org_path, a.state, a.consent, a.draft_version, a.submit_key, "
    "a.needs_care, a.completed_ms";

// The kAssignmentColumns of a row.
Assignment ReadAssignment(Row& row) {
    Assignment a;
    a.id = row.Int();
    a.campaign_id = row.Int();
    a.student_id = row.Int();
    a.class_id = row.Int();
    a.org_path = row.Text();
    a.state = core::screening::ParseAssignmentState(row.View()).value_or(core::screening::AssignmentState::kInvited);
    a.consent = core::screening::ParseConsent(row.View()).value_or(core::screening::Consent::kNotNeeded);
    a.draft_version = row.Int();
    a.submit_key = row.Text();
    a.needs_care = row.Bool();
    a.completed_ms = row.OptInt();
    return a;
}

const std::string kInsertCampaign =
    "INSERT INTO campaigns (org_unit_id, org_path, name, grades, battery, opens_ms, closes_ms, anonymous, "
    "consent_required, rules, closed, created_by, created_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
const std::string kGetCampaign = std::string("SELECT ") + kCampaignColumns + " FROM campaigns WHERE id = $1";
constexpr const char* kUpdateCampaign =
    "UPDATE campaigns SET name = $2, opens_ms = $3, closes_ms = $4, closed = $5 WHERE id = $1";
constexpr const char* kPlacements =
    "SELECT s.id, s.school_id, s.class_id, s.org_path, g.name, c.name, sch.stage FROM students s "
    "JOIN org_units g ON g.id = s.grade_id JOIN org_units c ON c.id = s.class_id "
    "JOIN org_units sch ON sch.id = s.school_id WHERE s.org_path >= $1 AND s.org_path < $2 ORDER BY s.org_path, s.id";
constexpr const char* kInsertAssignment =
    "INSERT INTO assignments (campaign_id, student_id, class_id, org_path, state, consent) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
const std::string kGetAssignment = std::string("SELECT ") + kAssignmentColumns + " FROM assignments a WHERE a.id = $1";
const std::string kStudentAssignments = std::string("SELECT ") + kAssignmentColumns +
                                        " FROM assignments a WHERE a.student_id = $1 ORDER BY a.campaign_id DESC";
const std::string kClassAssignments =
    std::string("SELECT ") + kAssignmentColumns +
    ", s.student_number, s.name, x.level FROM assignments a JOIN students s ON s.id = a.student_id "
    "LEFT JOIN assessments x ON x.assignment_id = a.id "
    "WHERE a.campaign_id = $1 AND a.class_id = $2 ORDER BY s.student_number, a.id";
// A completed assignment keeps no draft: the answers now live in its responses.
constexpr const char* kUpdateAssignment =
    "UPDATE assignments SET state = $2, consent = $3, draft_version = $4, submit_key = $5, needs_care = $6, "
    "completed_ms = $7, draft_enc = CASE WHEN $2 = 'completed' THEN '' ELSE draft_enc END WHERE id = $1";
constexpr const char* kGetDraft = "SELECT draft_enc FROM assignments WHERE id = $1";
constexpr const char* kPutDraft = "UPDATE assignments SET draft_enc = $2 WHERE id = $1";
constexpr const char* kInsertResponse =
    "INSERT INTO responses (assignment_id, campaign_id, student_id, class_id, instrument_id, instrument_version, "
    "answers_enc, total, band, subscales, alerts, submitted_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
constexpr const char* kResponseColumns =
    "id, assignment_id, campaign_id, student_id, class_id, instrument_id, instrument_version, answers_enc, total, "
    "band, subscales, alerts, submitted_ms";
const std::string kResponsesOf =
    std::string("SELECT ") + kResponseColumns + " FROM responses WHERE assignment_id = $1 ORDER BY id";
constexpr const char* kInsertAssessment =
    "INSERT INTO assessments (assignment_id, campaign_id, student_id, level, reasons, assessed_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
constexpr const char* kAssessmentColumns = "id, assignment_id, campaign_id, student_id, level, reasons, assessed_ms";
const std::string kAssessmentOf =
    std::string("SELECT ") + kAssessmentColumns + " FROM assessments WHERE assignment_id = $1";
const std::string kLatestAssessment = std::string("SELECT ") + kAssessmentColumns +
                                      " FROM assessments WHERE student_id = $1 ORDER BY assessed_ms DESC, id DESC "
                                      "LIMIT 1";
const std::string kArchive =
    "SELECT x.id, x.assignment_id, x.campaign_id, x.student_id, x.level, x.reasons, x.assessed_ms, c.name "
    "FROM assessments x JOIN campaigns c ON c.id = x.campaign_id WHERE x.student_id = $1 "
    "ORDER BY x.assessed_ms, x.id";
// One statement adds to the counters of every unit on an assignment's path (VALUES rows of 11
// parameters each), creating rows as needed.
std::string AddProgressSql(std::size_t units) {
    std::string sql =
        "INSERT INTO campaign_progress (campaign_id, org_unit_id, invited, started, completed, consent_pending, "
        "consent_refused, level_1, level_2, level_3, level_4) VALUES ";
    for (std::size_t u = 0; u < units; ++u) {
        sql += u ? ", (" : "(";
        for (std::size_t c = 0; c < 11; ++c) sql += (c ? ", $" : "$") + std::to_string(u * 11 + c + 1);
        sql += ")";
    }
    return sql +
           " ON CONFLICT (campaign_id, org_unit_id) DO UPDATE SET "
           "invited = campaign_progress.invited + excluded.invited, "
           "started = campaign_progress.started + excluded.started, "
           "completed = campaign_progress.completed + excluded.completed, "
           "consent_pending = campaign_progress.consent_pending + excluded.consent_pending, "
           "consent_refused = campaign_progress.consent_refused + excluded.consent_refused, "
           "level_1 = campaign_progress.level_1 + excluded.level_1, "
           "level_2 = campaign_progress.level_2 + excluded.level_2, "
           "level_3 = campaign_progress.level_3 + excluded.level_3, "
           "level_4 = campaign_progress.level_4 + excluded.level_4";
}
constexpr const char* kProgressOf =
    "SELECT invited, started, completed, consent_pending, consent_refused, level_1, level_2, level_3, level_4 "
    "FROM campaign_progress WHERE campaign_id = $1 AND org_unit_id = $2";
constexpr const char* kExportRows =
    "SELECT a.id, s.student_number, s.name, sch.name, g.name, c.name, a.state, a.completed_ms, x.level, x.reasons "
    "FROM assignments a JOIN students s ON s.id = a.student_id JOIN org_units c ON c.id = a.class_id "
    "JOIN org_units g ON g.id = c.parent_id JOIN org_units sch ON sch.id = s.school_id "
    "LEFT JOIN assessments x ON x.assignment_id = a.id "
    "WHERE a.campaign_id = $1 AND a.org_path >= $2 AND a.org_path < $3 ORDER BY a.org_path, s.student_number, a.id";
constexpr const char* kExportScores =
    "SELECT r.assignment_id, r.instrument_id, r.total, r.band FROM responses r JOIN assignments a ON a.id = r.assignment_id "
    "WHERE a.campaign_id = $1 AND a.org_path >= $2 AND a.org_path < $3";

// The kAssessmentColumns of a row.
StoredAssessment ReadAssessment(Row& row) {
    StoredAssessment a;
    a.id = row.Int();
    a.assignment_id = row.Int();
    a.campaign_id = row.Int();
    a.student_id = row.Int();
    a.level = LevelOf(row.Int());
    a.reasons = ParseReasons(row.View());
    a.assessed_ms = row.Int();
    return a;
}

}  // namespace

Result<core::screening::CampaignId> SqlScreeningRepository::InsertCampaign(const Campaign& c) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query(kInsertCampaign, {c.unit_id, c.org_path, c.name, GradesText(c.grades),
                                                  BatteryText(c.battery), c.opens_ms, c.closes_ms,
                                                  std::int64_t{c.anonymous}, std::int64_t{c.consent_required}, c.rules,
                                                  std::int64_t{c.closed}, OptionalInt(c.created_by), c.created_ms}));
    return rs.Int();
}

Result<Campaign> SqlScreeningRepository::GetCampaign(core::screening::CampaignId id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kGetCampaign, {id}));
    XINQIAO_ASSIGN_OR_RETURN(auto campaigns, ToCampaigns(rs));
    if (campaigns.empty()) return Error::NotFound("no campaign with id " + std::to_string(id));
    return std::move(campaigns.front());
}

Status SqlScreeningRepository::UpdateCampaign(const Campaign& c) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kUpdateCampaign, {c.id, c.name, c.opens_ms, c.closes_ms, std::int64_t{c.closed}}));
    return core::Ok();
}

Result<std::vector<Campaign>> SqlScreeningRepository::ListCampaigns(const std::vector<std::string>& paths, int limit) {
    // A campaign concerns a path when it lies under it, or covers it (its path is one of the
    // path's ancestors, or the path itself).
    SqlBuilder b;
    b.Text(std::string("SELECT ") + kCampaignColumns + " FROM campaigns WHERE ");
    bool first = true;
    for (const auto& path : paths) {
        b.Text(first ? "(" : " OR (");
        first = false;
        b.Add("(org_path >= ", path);
        b.Add(" AND org_path < ", core::org::SubtreeUpperBound(path), ")");
        std::string prefix = "/";
        for (auto id : core::org::PathIds(path)) {
            prefix += std::to_string(id) + "/";
            b.Add(" OR org_path = ", prefix);
        }
        b.Text(")");
    }
    if (first) return std::vector<Campaign>{};
    b.Add(" ORDER BY id DESC LIMIT ", std::int64_t{limit});
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(b.sql, b.params));
    return ToCampaigns(rs);
}

Result<std::vector<core::screening::StudentPlacement>> SqlScreeningRepository::Placements(const std::string& path) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kPlacements, {path, core::org::SubtreeUpperBound(path)}));
    return rs.Map([&](Row& row) {
        core::screening::StudentPlacement p;
        p.student_id = row.Int();
        p.school_id = row.Int();
        p.class_id = row.Int();
        p.org_path = row.Text();
        p.grade_name = row.Text();
        p.class_name = row.Text();
        if (const auto stage = row.OptView()) p.stage = core::org::ParseSchoolStage(*stage);
        return p;
    });
}

Status SqlScreeningRepository::InsertAssignments(const std::vector<Assignment>& assignments) {
    for (const auto& a : assignments) {
        XINQIAO_RETURN_IF_ERROR(session_.Execute(
            kInsertAssignment, {a.campaign_id, a.student_id, a.class_id, a.org_path,
                                std::string(core::screening::AssignmentStateName(a.state)),
                                std::string(core::screening::ConsentName(a.consent))}));
    }
    return core::Ok();
}

Result<Assignment> SqlScreeningRepository::GetAssignment(core::screening::AssignmentId id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kGetAssignment, {id}));
    auto a = rs.First(ReadAssignment);
    if (!a) return Error::NotFound("no assignment with id " + std::to_string(id));
    return std::move(*a);
}

Result<std::vector<Assignment>> SqlScreeningRepository::AssignmentsOfStudent(std::int64_t student_id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kStudentAssignments, {student_id}));
    return rs.Map(ReadAssignment);
}

Result<std::vector<AssignmentListItem>> SqlScreeningRepository::AssignmentsOfClass(core::screening::CampaignId campaign,
                                                                                  core::org::OrgUnitId class_id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kClassAssignments, {campaign, class_id}));
    return rs.Map([](Row& row) {
        AssignmentListItem item;
        item.assignment = ReadAssignment(row);
        item.student_number = row.Text();
        item.name = row.Text();
        if (const auto level = row.OptInt()) item.level = LevelOf(*level);
        return item;
    });
}

Status SqlScreeningRepository::UpdateAssignment(const Assignment& a) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kUpdateAssignment, {a.id, std::string(core::screening::AssignmentStateName(a.state)),
                                     std::string(core::screening::ConsentName(a.consent)), a.draft_version,
                                     a.submit_key, std::int64_t{a.needs_care}, OptionalInt(a.completed_ms)}));
    return core::Ok();
}

Result<BatteryAnswers> SqlScreeningRepository::Draft(core::screening::AssignmentId id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kGetDraft, {id}));
    const std::string sealed = rs.First([](Row& row) { return row.Text(); }).value_or("");
    if (sealed.empty()) return BatteryAnswers{};
    XINQIAO_ASSIGN_OR_RETURN(const std::string text, keyring_.Decrypt(sealed, kDraftAnswers.context));
    return ParseAnswers(text);
}

Status SqlScreeningRepository::PutDraft(core::screening::AssignmentId id, const BatteryAnswers& answers) {
    const std::string sealed = answers.empty() ? std::string() : keyring_.Encrypt(AnswersText(answers), kDraftAnswers.context);
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kPutDraft, {id, sealed}));
    return core::Ok();
}

Status SqlScreeningRepository::InsertResponse(const StoredResponse& r) {
    const std::string sealed = keyring_.Encrypt(AnswersText({{r.instrument_id, r.answers}}), kResponseAnswers.context);
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kInsertResponse, {OptionalInt(r.assignment_id), r.campaign_id, OptionalInt(r.student_id), r.class_id,
                                   r.instrument_id, r.instrument_version, sealed, std::int64_t{r.total}, r.band,
                                   SubscalesText(r.subscales), std::int64_t{r.alerts}, r.submitted_ms}));
    return core::Ok();
}

Result<std::vector<StoredResponse>> SqlScreeningRepository::ReadResponses(const ResultSet& rs, bool with_answers) {
    return rs.Map([&](Row& row) -> Result<StoredResponse> {
        StoredResponse s;
        s.id = row.Int();
        s.assignment_id = row.OptInt();
        s.campaign_id = row.Int();
        s.student_id = row.OptInt();
        s.class_id = row.Int();
        s.instrument_id = row.Text();
        s.instrument_version = row.Text();
        const std::string_view sealed_answers = row.View();
        if (with_answers) {
            XINQIAO_ASSIGN_OR_RETURN(const std::string text, keyring_.Decrypt(sealed_answers, kResponseAnswers.context));
            XINQIAO_ASSIGN_OR_RETURN(auto answers, ParseAnswers(text));
            s.answers = std::move(answers[s.instrument_id]);
        }
        s.total = static_cast<int>(row.Int());
        s.band = row.Text();
        s.subscales = ParseSubscales(row.View());
        s.alerts = static_cast<int>(row.Int());
        s.submitted_ms = row.Int();
        return s;
    });
}

Result<std::vector<StoredResponse>> SqlScreeningRepository::Responses(core::screening::AssignmentId id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kResponsesOf, {id}));
    return ReadResponses(rs, true);
}

Result<std::int64_t> SqlScreeningRepository::InsertAssessment(const StoredAssessment& a) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kInsertAssessment, {a.assignment_id, a.campaign_id, a.student_id,
                                                                         std::int64_t{static_cast<int>(a.level)},
                                                                         ReasonsText(a.reasons), a.assessed_ms}));
    return rs.Int();
}

Result<std::optional<StoredAssessment>> SqlScreeningRepository::AssessmentOf(core::screening::AssignmentId id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kAssessmentOf, {id}));
    return rs.First(ReadAssessment);
}

Result<std::optional<StoredAssessment>> SqlScreeningRepository::LatestAssessment(std::int64_t student_id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kLatestAssessment, {student_id}));
    return rs.First(ReadAssessment);
}

Result<std::vector<core::screening::ArchiveEntry>> SqlScreeningRepository::Archive(std::int64_t student_id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kArchive, {student_id}));
    return rs.Map([&](Row& row) -> Result<core::screening::ArchiveEntry> {
        core::screening::ArchiveEntry e;
        e.assessment = ReadAssessment(row);
        e.campaign_name = row.Text();
        XINQIAO_ASSIGN_OR_RETURN(auto responses, session_.Query(kResponsesOf, {e.assessment.assignment_id}));
        XINQIAO_ASSIGN_OR_RETURN(e.responses, ReadResponses(responses, false));
        return e;
    });
}

Status SqlScreeningRepository::AddProgress(core::screening::CampaignId campaign,
                                           const std::vector<core::org::OrgUnitId>& units,
                                           const core::screening::Progress& d) {
    if (units.empty()) return core::Ok();
    // A path is at most a handful of units: one cached statement per length.
    static const std::vector<std::string> kSql = [] {
        std::vector<std::string> v;
        for (std::size_t n = 0; n <= 12; ++n) v.push_back(AddProgressSql(n));
        return v;
    }();
    for (std::size_t start = 0; start < units.size(); start += 12) {
        const std::size_t n = std::min<std::size_t>(12, units.size() - start);
        Params params;
        params.reserve(n * 11);
        for (std::size_t i = start; i < start + n; ++i) {
            for (Value v : {Value(campaign), Value(units[i]), Value(d.invited), Value(d.started), Value(d.completed),
                            Value(d.consent_pending), Value(d.consent_refused), Value(d.levels[0]), Value(d.levels[1]),
                            Value(d.levels[2]), Value(d.levels[3])}) {
                params.push_back(std::move(v));
            }
        }
        XINQIAO_RETURN_IF_ERROR(session_.Execute(kSql[n], params));
    }
    return core::Ok();
}

Result<std::vector<core::screening::Progress>> SqlScreeningRepository::ProgressOf(
    core::screening::CampaignId campaign, const std::vector<core::org::OrgUnitId>& units) {
    std::vector<core::screening::Progress> out;
    out.reserve(units.size());
    for (auto unit : units) {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kProgressOf, {campaign, unit}));
        core::screening::Progress p;
        rs.First([&](Row& row) {
            p.invited = row.Int();
            p.started = row.Int();
            p.completed = row.Int();
            p.consent_pending = row.Int();
            p.consent_refused = row.Int();
            for (auto& n : p.levels) n = row.Int();
            return true;
        });
        out.push_back(p);
    }
    return out;
}

Result<std::vector<core::screening::ExportRow>> SqlScreeningRepository::ExportRows(core::screening::CampaignId campaign,
                                                                                   const std::string& path) {
    const std::string bound = core::org::SubtreeUpperBound(path);
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kExportRows, {campaign, path, bound}));
    std::vector<core::screening::ExportRow> out;
    std::map<std::int64_t, std::size_t> index;
    rs.Each([&](Row& cell) {
        core::screening::ExportRow row;
        row.assignment_id = cell.Int();
        row.student_number = cell.Text();
        row.name = cell.Text();
        row.school_name = cell.Text();
        row.grade_name = cell.Text();
        row.class_name = cell.Text();
        row.state = core::screening::ParseAssignmentState(cell.View()).value_or(core::screening::AssignmentState::kInvited);
        row.completed_ms = cell.OptInt();
        if (const auto level = cell.OptInt()) row.level = LevelOf(*level);
        row.reasons = ParseReasons(cell.View());
        index[row.assignment_id] = out.size();
        out.push_back(std::move(row));
    });
    XINQIAO_ASSIGN_OR_RETURN(auto scores, session_.Query(kExportScores, {campaign, path, bound}));
    scores.Each([&](Row& row) {
        const auto it = index.find(row.Int());
        std::string instrument = row.Text();
        const auto total = static_cast<int>(row.Int());
        std::string band = row.Text();
        if (it != index.end()) out[it->second].scores[std::move(instrument)] = {total, std::move(band)};
    });
    return out;
}

}  // namespace xinqiao::store
