#pragma once
// Crisis cases (个案) and the six-step method of the action plans (六步工作法): 测评建档 assessment
// and file → 师生结对 pairing with a teacher → 积极干预 intervention → 同伴跟防 peer follow →
// 家校协同 home–school → 及时转介 referral. A case is open on one step at a time and moves on
// only when that step has the records it needs; conferences (会诊) and notes belong to any step.
// A case closes with a closing assessment and can be reopened on the step it was on. Pure rules:
// the service layer stores the case and asks these.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace xinqiao::core::cases
