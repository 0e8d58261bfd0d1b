#include "service/campaign_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/common/date.hpp"
#include "core/common/text.hpp"
#include "service/audit_writer.hpp"
#include "service/read_result.hpp"
#include "service/subject.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Status;
using core::auth::Action;
using core::auth::Role;
using core::org::OrgUnitId;
using core::ports::Repositories;
using core::screening::Assignment;
using core::screening::Campaign;
using core::screening::CampaignId;
using core::screening::Consent;
using core::screening::Phase;

constexpr int kListLimit = 200;
constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

std::string CampaignNotFound(CampaignId id) { return "no campaign with id " + std::to_string(id); }

AuditTarget CampaignAudit(const Campaign& c) { return {"campaign", std::to_string(c.id), c.org_path}; }

bool Allowed(const Principal& p, Action a, const std::string& path) {
    return core::auth::Authorize(p.grants, a, {path}).allowed();
}

// The unit the viewer's progress view starts from, if they see the campaign at all: its own
// unit, or the first of their grants' units inside it where they see aggregates.
std::optional<OrgUnitId> HomeUnit(const Principal& p, const Campaign& c) {
    if (Allowed(p, Action::kViewAggregates, c.org_path)) return c.unit_id;
    for (const auto& g : p.grants) {
        if (core::org::IsInSubtree(g.unit_path, c.org_path) && Allowed(p, Action::kViewAggregates, g.unit_path)) {
            return g.unit_id;
        }
    }
    return std::nullopt;
}

Result<Campaign> LoadCampaign(Repositories& r, CampaignId id) {
    return NotFoundAs(r.Screening().GetCampaign(id), CampaignNotFound(id));
}

Result<CampaignView> ViewOf(Repositories& r, const Principal& p, Campaign c, std::int64_t now_ms) {
    const auto home = HomeUnit(p, c);
    if (!home) return Error::NotFound(CampaignNotFound(c.id));
    CampaignView v;
    XINQIAO_ASSIGN_OR_RETURN(const auto unit, r.Orgs().Get(c.unit_id));
    v.unit_name = unit.name;
    v.home_unit_id = *home;
    v.phase = core::screening::PhaseAt(c, now_ms);
    v.manageable = Allowed(p, Action::kRunCampaigns, c.org_path);
    v.campaign = std::move(c);
    return v;
}

// The campaign, if the principal sees it; else kNotFound like an unknown id.
Result<Campaign> VisibleCampaign(Repositories& r, const Principal& p, CampaignId id) {
    XINQIAO_ASSIGN_OR_RETURN(Campaign c, LoadCampaign(r, id));
    if (!HomeUnit(p, c)) return Error::NotFound(CampaignNotFound(id));
    return c;
}

// The unit of a campaign's progress or export view (`unit_id`, or the viewer's home unit), if it
// lies in the campaign and the viewer sees its aggregates, with the role that allows it.
Result<std::pair<core::org::OrgUnit, Role>> UnitOfCampaign(Repositories& r, const Principal& p, const Campaign& c,
                                                           std::optional<OrgUnitId> unit_id) {
    const OrgUnitId target = unit_id.value_or(*HomeUnit(p, c));
    const std::string missing = "no org unit with id " + std::to_string(target) + " in this campaign";
    XINQIAO_ASSIGN_OR_RETURN(auto unit, NotFoundAs(r.Orgs().Get(target), missing));
    if (!core::org::IsInSubtree(unit.path, c.org_path)) return Error::NotFound(missing);
    XINQIAO_ASSIGN_OR_RETURN(const Role via, Require(p, Action::kViewAggregates, {unit.path}, missing));
    return std::pair<core::org::OrgUnit, Role>(std::move(unit), via);
}

// The campaign, if the principal may run it (close, extend, reopen).
Result<std::pair<Campaign, Role>> ManagedCampaign(Repositories& r, const Principal& p, CampaignId id) {
    XINQIAO_ASSIGN_OR_RETURN(Campaign c, VisibleCampaign(r, p, id));
    // Seen from a unit inside it, the campaign is visible but not the viewer's to run.
    const auto decision = core::auth::Authorize(p.grants, Action::kRunCampaigns, {c.org_path});
    if (!decision.allowed()) return Error::PermissionDenied("only those who run this campaign may change it");
    return std::pair<Campaign, Role>(std::move(c), *decision.via);
}

core::screening::Progress Delta(std::int64_t invited, std::int64_t pending, std::int64_t refused) {
    core::screening::Progress d;
    d.invited = invited;
    d.consent_pending = pending;
    d.consent_refused = refused;
    return d;
}

std::vector<Count> LevelCounts(const core::screening::Progress& p, bool exact) {
    std::vector<Count> out;
    for (std::int64_t n : p.levels) out.push_back(CountOf(n, exact));
    return out;
}

UnitProgressView UnitView(const Principal& p, core::org::OrgUnit unit, const core::screening::Progress& pr) {
    UnitProgressView v;
    // Bureaus see aggregates with small cells suppressed; so does anyone who may not see levels here.
    const bool exact = SeesExactCounts(p, {unit.path});
    v.invited = pr.invited;
    v.started = pr.started;
    v.completed = pr.completed;
    v.consent_pending = pr.consent_pending;
    v.consent_refused = pr.consent_refused;
    v.levels = LevelCounts(pr, exact);
    v.unit = std::move(unit);
    return v;
}

core::ports::SheetCell Text(std::string s) { return {std::move(s), false}; }
core::ports::SheetCell Number(std::int64_t n) { return {std::to_string(n), true}; }
// A share as a percentage with one decimal (87.5), not cut to a whole number.
core::ports::SheetCell Percent(std::int64_t part, std::int64_t whole) {
    const std::int64_t tenths = whole ? (part * 1000 + whole / 2) / whole : 0;
    return {std::to_string(tenths / 10) + "." + std::to_string(tenths % 10), true};
}
std::string LevelWords(core::screening::Level level) { return std::string(core::screening::LevelName(level)) + "级"; }

std::string StateZh(core::screening::AssignmentState s) {
    switch (s) {
        case core::screening::AssignmentState::kInvited: return "未开始";
        case core::screening::AssignmentState::kStarted: return "作答中";
        case core::screening::AssignmentState::kCompleted: return "已完成";
    }
    return {};
}

// Counters of every unit under (and including) `root` that has assignments.
Result<core::ports::Sheet> CountersSheet(Repositories& r, const Principal& p, const Campaign& c,
                                         const core::org::OrgUnit& root) {
    core::ports::Sheet sheet{"完成情况", {}};
    sheet.rows.push_back({Text("单位"), Text("类型"), Text("应测"), Text("已完成"), Text("完成率%"), Text("I级"),
                          Text("II级"), Text("III级"), Text("IV级")});
    XINQIAO_ASSIGN_OR_RETURN(const auto units, r.Orgs().Subtree(root));
    std::vector<OrgUnitId> ids;
    for (const auto& u : units) ids.push_back(u.id);
    XINQIAO_ASSIGN_OR_RETURN(const auto counters, r.Screening().ProgressOf(c.id, ids));
    for (std::size_t i = 0; i < units.size(); ++i) {
        const auto& pr = counters[i];
        if (pr.invited == 0) continue;
        const UnitProgressView v = UnitView(p, units[i], pr);
        std::vector<core::ports::SheetCell> row{Text(units[i].name), Text(core::org::OrgKindWords(units[i].kind).zh),
                                                Number(pr.invited), Number(pr.completed), Percent(pr.completed, pr.invited)};
        for (const auto& count : *v.levels) row.push_back(count.suppressed ? Text("<5") : Number(count.value));
        sheet.rows.push_back(std::move(row));
    }
    return sheet;
}

}  // namespace

Result<CampaignView> CampaignService::Create(const Principal& p, const NewCampaign& n) {
    const std::int64_t now = clock_.NowUnixMillis();
    Campaign c;
    c.name = std::string(core::TrimAscii(n.name));
    c.grades = n.grades;
    std::sort(c.grades.begin(), c.grades.end());
    std::vector<const core::screening::Instrument*> battery;
    for (std::size_t i = 0; i < n.instruments.size(); ++i) {
        const auto* in = library_.Find(n.instruments[i]);
        if (!in) return Error::InvalidArgument("no instrument by this id", "/instruments/" + std::to_string(i));
        c.battery.push_back({in->id, in->version});
        battery.push_back(in);
    }
    c.opens_ms = n.opens_ms;
    c.closes_ms = n.closes_ms;
    c.anonymous = n.anonymous;
    c.consent_required = n.consent_required;
    c.rules = n.rules.empty() ? "default" : n.rules;
    if (!library_.Rules(c.rules)) return Error::InvalidArgument("no risk rules by this name", "/rules");
    c.created_by = p.account_id != 0 ? std::optional<std::int64_t>(p.account_id) : std::nullopt;
    c.created_ms = now;
    XINQIAO_RETURN_IF_ERROR(core::screening::ValidateCampaign(c));
    XINQIAO_RETURN_IF_ERROR(core::screening::CheckAges(battery, c.grades));
    if (c.closes_ms <= now) return Error::InvalidArgument("the window must close in the future", "/closes_on");
    if (c.opens_ms < now - kDayMs) return Error::InvalidArgument("the window cannot open in the past", "/opens_on");

    return WriteResult(store_, [&](Repositories& r) -> Result<CampaignView> {
        const std::string no_unit = "no org unit with id " + std::to_string(n.unit_id);
        XINQIAO_ASSIGN_OR_RETURN(const auto unit, NotFoundAs(r.Orgs().Get(n.unit_id), no_unit));
        XINQIAO_ASSIGN_OR_RETURN(const Role via, Require(p, Action::kRunCampaigns, {unit.path}, no_unit));
        c.unit_id = unit.id;
        c.org_path = unit.path;

        XINQIAO_ASSIGN_OR_RETURN(const auto placements, r.Screening().Placements(unit.path));
        const int school_year = core::screening::SchoolYearOf(c.opens_ms);
        const std::set<int> grades(c.grades.begin(), c.grades.end());
        std::vector<Assignment> assignments;
        for (const auto& pl : placements) {
            if (!pl.stage) continue;
            const auto level = core::screening::GradeLevel(*pl.stage, pl.grade_name, pl.class_name, school_year);
            if (!level || !grades.count(*level)) continue;
            Assignment a;
            a.student_id = pl.student_id;
            a.class_id = pl.class_id;
            a.org_path = pl.org_path;
            a.consent = c.consent_required ? Consent::kPending : Consent::kNotNeeded;
            assignments.push_back(std::move(a));
        }
        if (assignments.empty()) {
            return Error::FailedPrecondition("no student under this unit is in the chosen grades", "/grades");
        }
        XINQIAO_ASSIGN_OR_RETURN(c.id, r.Screening().InsertCampaign(c));
        std::map<OrgUnitId, std::int64_t> per_unit;
        for (auto& a : assignments) {
            a.campaign_id = c.id;
            for (OrgUnitId u : core::screening::CountedUnits(c, a.org_path)) ++per_unit[u];
        }
        XINQIAO_RETURN_IF_ERROR(r.Screening().InsertAssignments(assignments));
        for (const auto& [u, count] : per_unit) {
            XINQIAO_RETURN_IF_ERROR(
                r.Screening().AddProgress(c.id, {u}, Delta(count, c.consent_required ? count : 0, 0)));
        }
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(via), "campaign.create", CampaignAudit(c)));
        return ViewOf(r, p, std::move(c), now);
    });
}

Result<std::vector<CampaignView>> CampaignService::List(const Principal& p) {
    const std::int64_t now = clock_.NowUnixMillis();
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<CampaignView>> {
        std::vector<std::string> paths;
        for (const auto& g : p.grants) {
            if (Allowed(p, Action::kViewAggregates, g.unit_path)) paths.push_back(g.unit_path);
        }
        XINQIAO_ASSIGN_OR_RETURN(auto campaigns, r.Screening().ListCampaigns(paths, kListLimit));
        std::vector<CampaignView> out;
        for (auto& c : campaigns) {
            if (!HomeUnit(p, c)) continue;
            XINQIAO_ASSIGN_OR_RETURN(auto v, ViewOf(r, p, std::move(c), now));
            out.push_back(std::move(v));
        }
        return out;
    });
}

Result<CampaignView> CampaignService::Get(const Principal& p, CampaignId id) {
    const std::int64_t now = clock_.NowUnixMillis();
    return ReadResult(store_, [&](Repositories& r) -> Result<CampaignView> {
        XINQIAO_ASSIGN_OR_RETURN(Campaign c, VisibleCampaign(r, p, id));
        return ViewOf(r, p, std::move(c), now);
    });
}

Result<CampaignView> CampaignService::Close(const Principal& p, CampaignId id) {
    const std::int64_t now = clock_.NowUnixMillis();
    return WriteResult(store_, [&](Repositories& r) -> Result<CampaignView> {
        XINQIAO_ASSIGN_OR_RETURN(auto managed, ManagedCampaign(r, p, id));
        Campaign& c = managed.first;
        if (c.closed) return Error::FailedPrecondition("the campaign is already closed");
        c.closed = true;
        XINQIAO_RETURN_IF_ERROR(r.Screening().UpdateCampaign(c));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(managed.second), "campaign.close", CampaignAudit(c)));
        return ViewOf(r, p, std::move(c), now);
    });
}

Result<CampaignView> CampaignService::Reopen(const Principal& p, CampaignId id, std::optional<std::int64_t> closes_ms) {
    const std::int64_t now = clock_.NowUnixMillis();
    return WriteResult(store_, [&](Repositories& r) -> Result<CampaignView> {
        XINQIAO_ASSIGN_OR_RETURN(auto managed, ManagedCampaign(r, p, id));
        Campaign& c = managed.first;
        if (!c.closed && core::screening::PhaseAt(c, now) != Phase::kEnded) {
            return Error::FailedPrecondition("the campaign is not closed");
        }
        c.closed = false;
        if (closes_ms) c.closes_ms = *closes_ms;
        if (c.closes_ms <= now) {
            return Error::InvalidArgument("the window has ended: give a new closing time to reopen", "/closes_on");
        }
        XINQIAO_RETURN_IF_ERROR(core::screening::ValidateCampaign(c));
        XINQIAO_RETURN_IF_ERROR(r.Screening().UpdateCampaign(c));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(managed.second), "campaign.reopen", CampaignAudit(c)));
        return ViewOf(r, p, std::move(c), now);
    });
}

Result<CampaignView> CampaignService::Extend(const Principal& p, CampaignId id, std::int64_t closes_ms) {
    const std::int64_t now = clock_.NowUnixMillis();
    return WriteResult(store_, [&](Repositories& r) -> Result<CampaignView> {
        XINQIAO_ASSIGN_OR_RETURN(auto managed, ManagedCampaign(r, p, id));
        Campaign& c = managed.first;
        if (c.closed) return Error::FailedPrecondition("the campaign is closed: reopen it instead");
        if (closes_ms <= c.closes_ms) return Error::InvalidArgument("the new closing time must be later", "/closes_on");
        if (closes_ms <= now) return Error::InvalidArgument("the window must close in the future", "/closes_on");
        c.closes_ms = closes_ms;
        XINQIAO_RETURN_IF_ERROR(core::screening::ValidateCampaign(c));
        XINQIAO_RETURN_IF_ERROR(r.Screening().UpdateCampaign(c));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(managed.second), "campaign.extend", CampaignAudit(c)));
        return ViewOf(r, p, std::move(c), now);
    });
}

Result<ProgressView> CampaignService::Progress(const Principal& p, CampaignId id, std::optional<OrgUnitId> unit_id) {
    return ReadResult(store_, [&](Repositories& r) -> Result<ProgressView> {
        XINQIAO_ASSIGN_OR_RETURN(Campaign c, VisibleCampaign(r, p, id));
        XINQIAO_ASSIGN_OR_RETURN(auto seen, UnitOfCampaign(r, p, c, unit_id));
        auto& unit = seen.first;
        XINQIAO_ASSIGN_OR_RETURN(auto children, r.Orgs().Children(unit.id));
        std::vector<OrgUnitId> ids{unit.id};
        for (const auto& ch : children) ids.push_back(ch.id);
        XINQIAO_ASSIGN_OR_RETURN(const auto counters, r.Screening().ProgressOf(c.id, ids));
        ProgressView out;
        out.unit = UnitView(p, std::move(unit), counters[0]);
        for (std::size_t i = 0; i < children.size(); ++i) {
            if (counters[i + 1].invited == 0) continue;
            out.children.push_back(UnitView(p, std::move(children[i]), counters[i + 1]));
        }
        return out;
    });
}

Result<ClassView> CampaignService::Class(const Principal& p, CampaignId id, OrgUnitId class_id) {
    return WriteResult(store_, [&](Repositories& r) -> Result<ClassView> {
        XINQIAO_ASSIGN_OR_RETURN(Campaign c, VisibleCampaign(r, p, id));
        const std::string missing = "no class with id " + std::to_string(class_id) + " in this campaign";
        XINQIAO_ASSIGN_OR_RETURN(auto klass, NotFoundAs(r.Orgs().Get(class_id), missing));
        if (klass.kind != core::org::OrgKind::kClass || !core::org::IsInSubtree(klass.path, c.org_path)) {
            return Error::NotFound(missing);
        }
        XINQIAO_RETURN_IF_ERROR(Require(p, Action::kViewRoster, {klass.path}, missing));
        const auto risk = core::auth::Authorize(p.grants, Action::kViewRisk, {klass.path});
        ClassView out;
        out.shows_levels = risk.allowed() && !c.anonymous;
        XINQIAO_ASSIGN_OR_RETURN(auto items, r.Screening().AssignmentsOfClass(c.id, class_id));
        for (auto& it : items) {
            ClassAssignmentView v;
            v.assignment_id = it.assignment.id;
            v.student_id = it.assignment.student_id;
            v.student_number = std::move(it.student_number);
            v.name = std::move(it.name);
            v.state = it.assignment.state;
            v.consent = it.assignment.consent;
            if (out.shows_levels) v.level = it.level;
            out.items.push_back(std::move(v));
        }
        if (out.shows_levels) {
            XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(risk.via), "campaign.class.levels.read",
                                                {"campaign", std::to_string(c.id), klass.path}));
        }
        return out;
    });
}

Result<ResultView> CampaignService::AssignmentResult(const Principal& p, core::screening::AssignmentId id) {
    return WriteResult(store_, [&](Repositories& r) -> Result<ResultView> {
        const std::string missing = "no submitted questionnaire with id " + std::to_string(id);
        XINQIAO_ASSIGN_OR_RETURN(auto access, AuthorizedAssignment(r, p, id, Action::kViewRecords, missing));
        auto& [a, c, subject, via] = access;
        // Anonymous answers are never shown per student, to anyone.
        if (c.anonymous || a.state != core::screening::AssignmentState::kCompleted) return Error::NotFound(missing);
        ResultView out;
        XINQIAO_ASSIGN_OR_RETURN(out.assessment, r.Screening().AssessmentOf(a.id));
        XINQIAO_ASSIGN_OR_RETURN(out.responses, r.Screening().Responses(a.id));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(via), "assignment.result.read",
                                            {"student", std::to_string(a.student_id), subject.student.org_path}));
        out.campaign = std::move(c);
        out.assignment = std::move(a);
        return out;
    });
}

Result<ArchiveView> CampaignService::Archive(const Principal& p, std::int64_t student_id) {
    return WriteResult(store_, [&](Repositories& r) -> Result<ArchiveView> {
        XINQIAO_ASSIGN_OR_RETURN(auto allowed, AuthorizedSubject(r, p, student_id, Action::kViewRisk));
        const Subject& s = allowed.first;
        ArchiveView out;
        out.shows_scores = core::auth::Authorize(p.grants, Action::kViewRecords, s.target).allowed();
        XINQIAO_ASSIGN_OR_RETURN(out.entries, r.Screening().Archive(student_id));
        XINQIAO_ASSIGN_OR_RETURN(out.alerts, r.Alerts().OfStudent(student_id));
        if (!out.shows_scores) {
            for (auto& e : out.entries) {
                e.responses.clear();
                e.assessment.reasons = core::screening::WithoutAnswers(e.assessment.reasons);
            }
            for (auto& a : out.alerts) a.alert.reasons = core::screening::WithoutAnswers(a.alert.reasons);
        }
        XINQIAO_ASSIGN_OR_RETURN(out.cases, r.Cases().OfStudent(student_id));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(allowed.second), "student.archive.read",
                                            {"student", std::to_string(student_id), s.student.org_path}));
        return out;
    });
}

core::Status CampaignService::RecordConsent(const Principal& p, core::screening::AssignmentId id, bool given) {
    return store_.Write([&](Repositories& r) -> Status {
        const std::string missing = "no questionnaire with id " + std::to_string(id);
        XINQIAO_ASSIGN_OR_RETURN(auto access, AuthorizedAssignment(r, p, id, Action::kRecordConsent, missing));
        auto& [a, c, subject, via] = access;
        if (a.consent == Consent::kNotNeeded) {
            return Error::FailedPrecondition("this questionnaire does not ask for consent");
        }
        if (a.state == core::screening::AssignmentState::kCompleted) {
            return Error::FailedPrecondition("this questionnaire was already answered");
        }
        const Consent next = given ? Consent::kGiven : Consent::kRefused;
        if (a.consent == next) return core::Ok();  // the same decision twice changes nothing
        core::screening::Progress d;
        d.consent_pending = a.consent == Consent::kPending ? -1 : 0;
        d.consent_refused = (next == Consent::kRefused ? 1 : 0) - (a.consent == Consent::kRefused ? 1 : 0);
        a.consent = next;
        XINQIAO_RETURN_IF_ERROR(r.Screening().UpdateAssignment(a));
        XINQIAO_RETURN_IF_ERROR(r.Screening().AddProgress(c.id, core::screening::CountedUnits(c, a.org_path), d));
        return AppendAudit(r, clock_, p.AsActor(via), given ? "assignment.consent.given" : "assignment.consent.refused",
                           {"student", std::to_string(a.student_id), subject.student.org_path});
    });
}

Result<std::string> CampaignService::Export(const Principal& p, CampaignId id, std::optional<OrgUnitId> unit_id) {
    std::vector<core::ports::Sheet> sheets;
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](Repositories& r) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(Campaign c, VisibleCampaign(r, p, id));
        XINQIAO_ASSIGN_OR_RETURN(const auto seen, UnitOfCampaign(r, p, c, unit_id));
        const auto& [unit, via] = seen;
        XINQIAO_ASSIGN_OR_RETURN(auto counters, CountersSheet(r, p, c, unit));
        const auto roster = core::auth::Authorize(p.grants, Action::kExportRoster, {unit.path});
        const bool per_student = roster.allowed() && !c.anonymous;
        if (per_student) {
            const auto risk = core::auth::Authorize(p.grants, Action::kViewRisk, {unit.path});
            const bool levels = risk.allowed();
            const bool scores = core::auth::Authorize(p.grants, Action::kViewRecords, {unit.path}).allowed();
            core::ports::Sheet students{"学生", {}};
            std::vector<core::ports::SheetCell> header{Text("学籍号"), Text("姓名"), Text("学校"), Text("年级"),
                                                       Text("班级"), Text("状态"), Text("完成时间")};
            if (levels) {
                header.push_back(Text("风险等级"));
                header.push_back(Text("理由"));
            }
            if (scores) {
                for (const auto& b : c.battery) {
                    const auto* in = library_.Find(b.instrument_id);
                    const std::string name = in ? in->short_name : b.instrument_id;
                    header.push_back(Text(name + " 总分"));
                    header.push_back(Text(name + " 分段"));
                }
            }
            students.rows.push_back(std::move(header));
            XINQIAO_ASSIGN_OR_RETURN(const auto rows, r.Screening().ExportRows(c.id, unit.path));
            for (const auto& row : rows) {
                std::vector<core::ports::SheetCell> line{
                    Text(row.student_number), Text(row.name),       Text(row.school_name), Text(row.grade_name),
                    Text(row.class_name),     Text(StateZh(row.state)),
                    Text(row.completed_ms ? core::FormatDate(core::screening::ChinaDateOf(*row.completed_ms)) : "")};
                if (levels) {
                    line.push_back(Text(row.level ? LevelWords(*row.level) : ""));
                    std::string why;
                    for (const auto& reason : row.reasons) why += (why.empty() ? "" : "；") + reason.zh;
                    line.push_back(Text(why));
                }
                if (scores) {
                    for (const auto& b : c.battery) {
                        const auto it = row.scores.find(b.instrument_id);
                        line.push_back(it == row.scores.end() ? Text("") : Number(it->second.first));
                        const auto band = it == row.scores.end() ? std::nullopt
                                                                 : library_.BandWords(b.instrument_id, it->second.second);
                        line.push_back(Text(band ? band->zh : ""));
                    }
                }
                students.rows.push_back(std::move(line));
            }
            sheets.push_back(std::move(students));
        }
        sheets.push_back(std::move(counters));  // after the students' sheet, which opens first
        return AppendAudit(r, clock_, p.AsActor(per_student ? *roster.via : via), "campaign.export",
                           {"campaign", std::to_string(c.id), unit.path});
    }));
    return sheets_.Write(sheets);
}

}  // namespace xinqiao::service
