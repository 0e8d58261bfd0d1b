#pragma once
// Crisis cases (个案) and the six-step method of the action plans (六步工作法): 测评建档 assessment
// and file → 师生结对 pairing with a teacher → 积极干预 intervention → 同伴跟防 peer follow →
// 家校协同 home–school → 及时转介 referral. A case is open on one step at a time and moves on
// only when that step has the records it needs; conferences (会诊) and notes belong to any step.
// A case closes with a closing assessment and can be reopened on the step it was on. Pure rules:
// the service layer stores the case and asks these.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/date.hpp"
#include "core/org/org_unit.hpp"

namespace xinqiao::core::cases {

enum class CaseStep { kAssessment, kPairing, kIntervention, kPeerFollow, kHomeSchool, kReferral };
std::string_view CaseStepName(CaseStep s);  // "assessment", "pairing", "intervention", "peer_follow", ...
std::optional<CaseStep> ParseCaseStep(std::string_view name);
const std::vector<CaseStep>& AllSteps();
// The step after `s`; none after referral.
std::optional<CaseStep> NextStep(CaseStep s);

enum class CaseState { kOpen, kClosed };
std::string_view CaseStateName(CaseState s);
std::optional<CaseState> ParseCaseState(std::string_view name);

enum class RecordKind {
    kAssessment,         // the assessment and what the file holds (step 1)
    kPairing,            // the teacher paired with the student, and a peer buddy if any (step 2)
    kPlan,               // the intervention plan (step 3)
    kSession,            // an intervention session: a talk, counselling (step 3)
    kPeerFollow,         // what the peers looking out for the student report (step 4)
    kHomeContact,        // a call, visit, meeting with guardians, or guidance given (step 5)
    kReferral,           // referred to a hospital or an outside service, or found not needed (step 6)
    kConference,         // 会诊: participants, findings, decisions (any step)
    kNote,               // anything else worth keeping (any step)
    kClosingAssessment,  // why the case can close (any step)
};
std::string_view RecordKindName(RecordKind k);
std::optional<RecordKind> ParseRecordKind(std::string_view name);

// The step a kind of record belongs to; none for conferences, notes and closing assessments.
std::optional<CaseStep> StepOf(RecordKind k);

// The kinds a subtype may be: home contacts "call", "visit", "meeting", "guidance"; referrals
// "hospital", "outside", "not_needed"; none for the other kinds.
const std::vector<std::string_view>& SubtypesOf(RecordKind k);

// What a step needs before the case moves on: one record of each kind listed (the intervention
// step: a plan and a session).
const std::vector<RecordKind>& NeedsOf(CaseStep s);
// Of those, the ones not among `recorded` (the kinds recorded on that step).
std::vector<RecordKind> Missing(CaseStep s, const std::vector<RecordKind>& recorded);

// Why a record of `kind` (with `subtype`) cannot be added to a case in `state` on `step`, or
// nullopt. A step's records may be added on that step and later ones (more sessions while the
// family is involved), never ahead of it.
std::optional<std::string> WhyNotRecord(CaseState state, CaseStep step, RecordKind kind, std::string_view subtype);
// Why a person cannot write a record of `kind` (with `subtype`) by hand: a conference is recorded
// with its participants, findings and decisions, and a referral to a partner hospital is made as a
// referral (which writes the step's record itself). Asked on top of WhyNotRecord.
std::optional<std::string> WhyNotByHand(RecordKind kind, std::string_view subtype);
// Why the case cannot move on from `step` with `missing` still to do.
std::optional<std::string> WhyNotAdvance(CaseState state, CaseStep step, const std::vector<RecordKind>& missing);
// Why it cannot close: it must be open, have a closing assessment, no open follow-ups and no
// referral still under way at a hospital.
std::optional<std::string> WhyNotClose(CaseState state, bool has_closing_assessment, int open_follow_ups,
                                       bool referral_under_way);
std::optional<std::string> WhyNotReopen(CaseState state);

struct Case {
    std::int64_t id = 0;
    std::int64_t student_id = 0;
    std::string org_path;  // the student's class path when it was opened
    std::optional<std::int64_t> alert_id;
    cases::CaseState state = cases::CaseState::kOpen;
    cases::CaseStep step = cases::CaseStep::kAssessment;
    std::int64_t opened_ms = 0;
    std::optional<std::int64_t> opened_by;
    std::optional<std::int64_t> closed_ms;
    std::int64_t version = 1;  // bumped by every change; changes are made only on the version read
};

struct CaseRecord {
    std::int64_t id = 0;
    std::int64_t case_id = 0;
    cases::CaseStep step = cases::CaseStep::kAssessment;  // the step the case was on
    cases::RecordKind kind = cases::RecordKind::kNote;
    std::string subtype;
    std::string body;  // plaintext in memory, sealed at rest
    std::optional<std::int64_t> author_id;
    std::string author_role;
    std::string author_name;  // filled when read
    std::int64_t created_ms = 0;
};

struct CaseEvent {
    std::int64_t id = 0;
    std::int64_t case_id = 0;
    std::int64_t at_ms = 0;
    std::string kind;  // opened, recorded, advanced, closed, reopened
    std::optional<std::int64_t> actor_id;
    std::string actor_name;  // filled when read
    cases::CaseStep step = cases::CaseStep::kAssessment;
    std::string detail;  // recorded: the record's kind
};

// A case conference (会诊): who took part, what they found, what they decided. The words are T3.
struct CaseConference {
    std::int64_t id = 0;
    std::int64_t case_id = 0;
    Date held_on;
    std::vector<std::string> participants;  // names and roles as written ("王老师（班主任）")
    std::string findings;
    std::string decisions;
    std::optional<std::int64_t> author_id;
    std::string author_name;  // filled when read
    std::int64_t created_ms = 0;
};

// A row of the crisis register.
struct RegisterRow {
    Case c;
    std::string student_name, class_name, school_name;
};

// The crisis register of one school in numbers (no names): what bureaus supervise.
struct RegisterCounts {
    org::OrgUnitId school_id = 0;
    std::string school_name;
    std::vector<std::int64_t> open_by_step = std::vector<std::int64_t>(6, 0);  // open cases per step, in step order
    std::int64_t referrals_under_way = 0;
    std::int64_t overdue_follow_ups = 0;
    std::int64_t closed_since = 0;  // cases closed since the day asked about
};

}  // namespace xinqiao::core::cases
