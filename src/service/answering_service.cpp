#include "service/answering_service.hpp"

#include <algorithm>
#include <map>

#include "service/alert_service.hpp"
#include "service/audit_writer.hpp"
#include "service/read_result.hpp"
#include "service/subject.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Status;
using core::auth::Action;
using core::auth::Role;
using core::auth::StudentRelation;
using core::ports::Repositories;
using core::screening::Assignment;
using core::screening::AssignmentId;
using core::screening::AssignmentState;
using core::screening::BatteryAnswers;
using core::screening::Campaign;
using core::screening::Instrument;

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

std::string Missing(AssignmentId id) { return "no questionnaire with id " + std::to_string(id); }

// The battery's instruments in answering order. A campaign whose instrument is no longer offered
// cannot be answered (the operator removed the file).
Result<std::vector<const Instrument*>> Battery(const InstrumentLibrary& library, const Campaign& c) {
    std::vector<const Instrument*> out;
    for (const auto& b : c.battery) {
        const auto* in = library.Find(b.instrument_id);
        if (!in) return Error::FailedPrecondition("an instrument of this questionnaire is no longer offered");
        out.push_back(in);
    }
    return out;
}

MyAssignment MineOf(const InstrumentLibrary& library, Assignment a, const Campaign& c, std::int64_t now_ms) {
    MyAssignment m;
    m.student_id = a.student_id;
    m.campaign_name = c.name;
    m.phase = core::screening::PhaseAt(c, now_ms);
    m.closes_ms = c.closes_ms;
    auto battery = Battery(library, c);
    if (battery) m.instruments = std::move(battery).value();
    m.instrument_missing = !battery;
    m.unavailable = core::screening::WhyNotAnswerable(c, a, now_ms);
    m.assignment = std::move(a);
    return m;
}

// The assignment if the principal is the student it belongs to.
Result<AssignmentAccess> LoadOwn(Repositories& r, const Principal& p, AssignmentId id) {
    return AuthorizedAssignment(r, p, id, Action::kAnswerScreening, Missing(id));
}

bool ValidKey(const std::string& key) {
    if (key.size() < kMinIdempotencyKey || key.size() > kMaxIdempotencyKey) return false;
    return std::all_of(key.begin(), key.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
    });
}

bool AnyCare(const std::vector<const Instrument*>& battery, const BatteryAnswers& answers, bool submitted) {
    for (const auto* in : battery) {
        const auto it = answers.find(in->id);
        if (it != answers.end() && core::screening::NeedsCare(*in, it->second, submitted)) return true;
    }
    return false;
}

}  // namespace

Result<std::vector<MyAssignment>> AnsweringService::Mine(const Principal& p) {
    const std::int64_t now = clock_.NowUnixMillis();
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<MyAssignment>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto links, r.StudentLinks().Of(p.account_id));
        std::vector<MyAssignment> out;
        std::map<core::screening::CampaignId, Campaign> campaigns;
        for (const auto& link : links) {
            if (link.relation == StudentRelation::kPaired) continue;
            XINQIAO_ASSIGN_OR_RETURN(const auto student, r.Students().Get(link.student_id));
            XINQIAO_ASSIGN_OR_RETURN(auto assignments, r.Screening().AssignmentsOfStudent(link.student_id));
            for (auto& a : assignments) {
                auto it = campaigns.find(a.campaign_id);
                if (it == campaigns.end()) {
                    XINQIAO_ASSIGN_OR_RETURN(auto c, r.Screening().GetCampaign(a.campaign_id));
                    it = campaigns.emplace(a.campaign_id, std::move(c)).first;
                }
                // Students see what they may answer or have answered, not campaigns yet to open.
                if (core::screening::PhaseAt(it->second, now) == core::screening::Phase::kScheduled) continue;
                MyAssignment m = MineOf(library_, std::move(a), it->second, now);
                m.student_name = student.name;
                out.push_back(std::move(m));
            }
        }
        return out;
    });
}

Result<Questionnaire> AnsweringService::Open(const Principal& p, AssignmentId id) {
    const std::int64_t now = clock_.NowUnixMillis();
    return ReadResult(store_, [&](Repositories& r) -> Result<Questionnaire> {
        XINQIAO_ASSIGN_OR_RETURN(AssignmentAccess l, LoadOwn(r, p, id));
        Questionnaire q;
        if (l.assignment.state != AssignmentState::kCompleted) {
            XINQIAO_ASSIGN_OR_RETURN(q.draft, r.Screening().Draft(id));
        }
        q.mine = MineOf(library_, std::move(l.assignment), l.campaign, now);
        q.mine.student_name = l.subject.student.name;
        return q;
    });
}

Result<Saved> AnsweringService::SaveDraft(const Principal& p, AssignmentId id, std::int64_t based_on,
                                          const BatteryAnswers& answers) {
    const std::int64_t now = clock_.NowUnixMillis();
    return WriteResult(store_, [&](Repositories& r) -> Result<Saved> {
        XINQIAO_ASSIGN_OR_RETURN(AssignmentAccess l, LoadOwn(r, p, id));
        Assignment& a = l.assignment;
        if (auto why = core::screening::WhyNotAnswerable(l.campaign, a, now)) {
            return Error::FailedPrecondition(core::screening::BlockerMessage(*why));
        }
        if (based_on != a.draft_version) {
            return Error::Aborted("these answers were saved from another device meanwhile; reload to go on");
        }
        XINQIAO_ASSIGN_OR_RETURN(const auto battery, Battery(library_, l.campaign));
        XINQIAO_RETURN_IF_ERROR(core::screening::ValidateDraft(battery, answers));
        XINQIAO_RETURN_IF_ERROR(r.Screening().PutDraft(id, answers));
        ++a.draft_version;
        const bool first = a.state == AssignmentState::kInvited;
        if (first) a.state = AssignmentState::kStarted;
        XINQIAO_RETURN_IF_ERROR(r.Screening().UpdateAssignment(a));
        if (first) {
            core::screening::Progress d;
            d.started = 1;
            XINQIAO_RETURN_IF_ERROR(
                r.Screening().AddProgress(l.campaign.id, core::screening::CountedUnits(l.campaign, a.org_path), d));
            XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(l.via), "assignment.start",
                                                {"assignment", std::to_string(id), a.org_path}));
        }
        return Saved{a.draft_version, AnyCare(battery, answers, false)};
    });
}

Result<Saved> AnsweringService::Submit(const Principal& p, AssignmentId id, const std::string& key,
                                       const BatteryAnswers& answers) {
    if (!ValidKey(key)) {
        return Error::InvalidArgument("idempotency_key must be 8 to 64 letters, digits, '-' or '_'", "/idempotency_key");
    }
    const std::int64_t now = clock_.NowUnixMillis();
    return WriteResult(store_, [&](Repositories& r) -> Result<Saved> {
        XINQIAO_ASSIGN_OR_RETURN(AssignmentAccess l, LoadOwn(r, p, id));
        Assignment& a = l.assignment;
        const Campaign& c = l.campaign;
        if (a.state == AssignmentState::kCompleted) {
            if (a.submit_key == key) return Saved{a.draft_version, a.needs_care};
            return Error::AlreadyExists("this questionnaire was already submitted");
        }
        if (auto why = core::screening::WhyNotAnswerable(c, a, now)) {
            return Error::FailedPrecondition(core::screening::BlockerMessage(*why));
        }
        XINQIAO_ASSIGN_OR_RETURN(const auto battery, Battery(library_, c));
        XINQIAO_RETURN_IF_ERROR(core::screening::ValidateDraft(battery, answers));

        std::vector<core::screening::Outcome> outcomes;
        for (const auto* in : battery) {
            const auto it = answers.find(in->id);
            if (it == answers.end()) {
                return Error::InvalidArgument("the answers to " + in->short_name + " are missing", "/answers/" + in->id);
            }
            auto scored = core::screening::Score(*in, it->second);
            if (!scored) {
                // Core names items 1-based ("answers/3"); the body's pointer is 0-based.
                core::Error e = scored.error();
                const auto slash = e.field.find('/');
                e.field = "/answers/" + in->id +
                          (slash == std::string::npos ? "" : "/" + std::to_string(std::stoi(e.field.substr(slash + 1)) - 1));
                e.message = in->short_name + ": " + e.message;
                return e;
            }
            outcomes.push_back({in, std::move(scored).value()});
        }

        core::screening::StudentHistory history;
        if (!c.anonymous) {
            history.special_situations = l.subject.student.special_situations;
            XINQIAO_ASSIGN_OR_RETURN(const auto previous, r.Screening().LatestAssessment(a.student_id));
            if (previous) {
                history.previous_level = previous->level;
                history.days_since_previous = static_cast<int>((now - previous->assessed_ms) / kDayMs);
            }
        }
        const auto* rules = library_.Rules(c.rules);
        if (!rules) return Error::FailedPrecondition("the risk rules of this campaign are no longer installed");
        const auto assessment = core::screening::Assess(*rules, outcomes, history);

        for (std::size_t i = 0; i < battery.size(); ++i) {
            const auto& o = outcomes[i];
            core::screening::StoredResponse sr;
            if (!c.anonymous) {
                sr.assignment_id = a.id;
                sr.student_id = a.student_id;
            }
            sr.campaign_id = c.id;
            sr.class_id = a.class_id;
            sr.instrument_id = battery[i]->id;
            sr.instrument_version = battery[i]->version;
            sr.answers = answers.at(battery[i]->id);
            sr.total = o.score.total;
            sr.band = o.score.band ? o.score.band->label.en : std::string();
            sr.subscales = o.score.subscales;
            sr.alerts = static_cast<int>(o.score.alerts.size());
            // Anonymous answers keep only the day, so their time does not point to the
            // assignment completed at the same moment.
            sr.submitted_ms = c.anonymous ? core::screening::ChinaDayStartMs(core::screening::ChinaDateOf(now)) : now;
            XINQIAO_RETURN_IF_ERROR(r.Screening().InsertResponse(sr));
        }
        if (!c.anonymous) {
            core::screening::StoredAssessment sa;
            sa.assignment_id = a.id;
            sa.campaign_id = c.id;
            sa.student_id = a.student_id;
            sa.level = assessment.level;
            sa.reasons = assessment.reasons;
            sa.assessed_ms = now;
            XINQIAO_ASSIGN_OR_RETURN(const std::int64_t assessment_id, r.Screening().InsertAssessment(sa));
            if (assessment.level != core::screening::Level::kIV) {
                XINQIAO_ASSIGN_OR_RETURN([[maybe_unused]] const std::int64_t alert_id,
                                         ReceiveSignal(r, l.subject.student, "screening", assessment_id, assessment,
                                                       now, std::nullopt));
            }
        }

        core::screening::Progress d;
        d.started = a.state == AssignmentState::kStarted ? -1 : 0;
        d.completed = 1;
        d.levels[static_cast<int>(assessment.level) - 1] = 1;
        a.state = AssignmentState::kCompleted;
        a.submit_key = key;
        a.needs_care = AnyCare(battery, answers, true);
        for (const auto& o : outcomes) a.needs_care = a.needs_care || !o.score.alerts.empty();
        a.completed_ms = now;
        XINQIAO_RETURN_IF_ERROR(r.Screening().UpdateAssignment(a));  // and drops the draft
        // The rows every submission shares come last, so they are held as briefly as can be
        // until the commit (on PostgreSQL concurrent submissions queue on them): the unit
        // counters, then the audit trail's head.
        XINQIAO_RETURN_IF_ERROR(r.Screening().AddProgress(c.id, core::screening::CountedUnits(c, a.org_path), d));
        // Anonymous answers are not tied to the student in the trail either.
        const AuditTarget target = c.anonymous ? AuditTarget{"campaign", std::to_string(c.id), a.org_path}
                                               : AuditTarget{"assignment", std::to_string(a.id), a.org_path};
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(l.via), "assignment.submit", target));
        return Saved{a.draft_version, a.needs_care};
    });
}

}  // namespace xinqiao::service
