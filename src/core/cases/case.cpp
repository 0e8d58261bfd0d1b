#include "core/cases/case.hpp"

#include <algorithm>

#include "core/common/enum_names.hpp"

namespace xinqiao::core::cases {
namespace {

constexpr NameTable<CaseStep, 6> kSteps = {{
    {CaseStep::kAssessment, "assessment"},
    {CaseStep::kPairing, "pairing"},
    {CaseStep::kIntervention, "intervention"},
    {CaseStep::kPeerFollow, "peer_follow"},
    {CaseStep::kHomeSchool, "home_school"},
    {CaseStep::kReferral, "referral"},
}};

constexpr NameTable<CaseState, 2> kStates = {{{CaseState::kOpen, "open"}, {CaseState::kClosed, "closed"}}};

constexpr NameTable<RecordKind, 10> kKinds = {{
    {RecordKind::kAssessment, "assessment"},
    {RecordKind::kPairing, "pairing"},
    {RecordKind::kPlan, "plan"},
    {RecordKind::kSession, "session"},
    {RecordKind::kPeerFollow, "peer_follow"},
    {RecordKind::kHomeContact, "home_contact"},
    {RecordKind::kReferral, "referral"},
    {RecordKind::kConference, "conference"},
    {RecordKind::kNote, "note"},
    {RecordKind::kClosingAssessment, "closing_assessment"},
}};

}  // namespace

std::string_view CaseStepName(CaseStep s) { return NameOf(kSteps, s); }
std::optional<CaseStep> ParseCaseStep(std::string_view name) { return ParseName(kSteps, name); }
const std::vector<CaseStep>& AllSteps() {
    static const std::vector<CaseStep> kAll = ValuesOf(kSteps);
    return kAll;
}
std::optional<CaseStep> NextStep(CaseStep s) {
    if (s == CaseStep::kReferral) return std::nullopt;
    return static_cast<CaseStep>(static_cast<int>(s) + 1);
}
std::string_view CaseStateName(CaseState s) { return NameOf(kStates, s); }
std::optional<CaseState> ParseCaseState(std::string_view name) { return ParseName(kStates, name); }
std::string_view RecordKindName(RecordKind k) { return NameOf(kKinds, k); }
std::optional<RecordKind> ParseRecordKind(std::string_view name) { return ParseName(kKinds, name); }

std::optional<CaseStep> StepOf(RecordKind k) {
    switch (k) {
        case RecordKind::kAssessment: return CaseStep::kAssessment;
        case RecordKind::kPairing: return CaseStep::kPairing;
        case RecordKind::kPlan:
        case RecordKind::kSession: return CaseStep::kIntervention;
        case RecordKind::kPeerFollow: return CaseStep::kPeerFollow;
        case RecordKind::kHomeContact: return CaseStep::kHomeSchool;
        case RecordKind::kReferral: return CaseStep::kReferral;
        case RecordKind::kConference:
        case RecordKind::kNote:
        case RecordKind::kClosingAssessment: return std::nullopt;
    }
    return std::nullopt;
}

const std::vector<std::string_view>& SubtypesOf(RecordKind k) {
    static const std::vector<std::string_view> kContacts = {"call", "visit", "meeting", "guidance"};
    static const std::vector<std::string_view> kReferrals = {"hospital", "outside", "not_needed"};
    static const std::vector<std::string_view> kNone;
    if (k == RecordKind::kHomeContact) return kContacts;
    if (k == RecordKind::kReferral) return kReferrals;
    return kNone;
}

const std::vector<RecordKind>& NeedsOf(CaseStep s) {
    static const std::vector<RecordKind> kAssess = {RecordKind::kAssessment};
    static const std::vector<RecordKind> kPair = {RecordKind::kPairing};
    static const std::vector<RecordKind> kIntervene = {RecordKind::kPlan, RecordKind::kSession};
    static const std::vector<RecordKind> kPeers = {RecordKind::kPeerFollow};
    static const std::vector<RecordKind> kHome = {RecordKind::kHomeContact};
    static const std::vector<RecordKind> kRefer = {RecordKind::kReferral};
    switch (s) {
        case CaseStep::kAssessment: return kAssess;
        case CaseStep::kPairing: return kPair;
        case CaseStep::kIntervention: return kIntervene;
        case CaseStep::kPeerFollow: return kPeers;
        case CaseStep::kHomeSchool: return kHome;
        case CaseStep::kReferral: return kRefer;
    }
    return kAssess;
}

std::vector<RecordKind> Missing(CaseStep s, const std::vector<RecordKind>& recorded) {
    std::vector<RecordKind> out;
    for (const auto need : NeedsOf(s)) {
        if (std::find(recorded.begin(), recorded.end(), need) == recorded.end()) out.push_back(need);
    }
    return out;
}

std::optional<std::string> WhyNotRecord(CaseState state, CaseStep step, RecordKind kind, std::string_view subtype) {
    if (state == CaseState::kClosed) return "the case is closed; reopen it to add to it";
    const auto& subtypes = SubtypesOf(kind);
    if (subtypes.empty() && !subtype.empty()) {
        return "a " + std::string(RecordKindName(kind)) + " record has no subtype";
    }
    if (!subtypes.empty() && std::find(subtypes.begin(), subtypes.end(), subtype) == subtypes.end()) {
        std::string list;
        for (const auto s : subtypes) list += (list.empty() ? "" : ", ") + std::string(s);
        return "a " + std::string(RecordKindName(kind)) + " record needs a subtype: " + list;
    }
    const auto belongs = StepOf(kind);
    if (belongs && static_cast<int>(*belongs) > static_cast<int>(step)) {
        return "the case has not reached the " + std::string(CaseStepName(*belongs)) + " step yet";
    }
    return std::nullopt;
}

std::optional<std::string> WhyNotByHand(RecordKind kind, std::string_view subtype) {
    if (kind == RecordKind::kConference) return "a conference is recorded with its participants, findings and decisions";
    if (kind == RecordKind::kReferral && subtype == "hospital") {
        return "a referral to a partner hospital is made as a referral, which the hospital answers";
    }
    return std::nullopt;
}

std::optional<std::string> WhyNotAdvance(CaseState state, CaseStep step, const std::vector<RecordKind>& missing) {
    if (state == CaseState::kClosed) return "the case is closed";
    if (!NextStep(step)) return "referral is the last step; close the case when it is done";
    if (!missing.empty()) {
        std::string list;
        for (const auto k : missing) list += (list.empty() ? "" : ", ") + std::string(RecordKindName(k));
        return "this step still needs: " + list;
    }
    return std::nullopt;
}

std::optional<std::string> WhyNotClose(CaseState state, bool has_closing_assessment, int open_follow_ups,
                                       bool referral_under_way) {
    if (state == CaseState::kClosed) return "the case is already closed";
    if (!has_closing_assessment) return "a closing assessment is needed before the case can close";
    if (open_follow_ups > 0) return "the case still has " + std::to_string(open_follow_ups) + " open follow-ups";
    if (referral_under_way) return "a referral to a hospital is still under way; record the return plan first";
    return std::nullopt;
}

std::optional<std::string> WhyNotReopen(CaseState state) {
    if (state != CaseState::kClosed) return "the case is open";
    return std::nullopt;
}

}  // namespace xinqiao::core::cases
