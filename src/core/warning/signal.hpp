#pragma once
// Signals (信号): what reaches the warning network about a student besides screening — a peer's
// or a teacher's observation, a guardian's word, a hotline lead, a hospital, the student asking
// for help. Each becomes an alert on the student or joins the one already open.
//
// A report names what was seen in fixed categories (a peer fills it in under a minute on a phone)
// and whether the student is in danger now. Its level follows from those alone: danger now is
// level I, talk of self-harm or death level II, anything else level III. The words a person adds
// are a note (T3), never part of the level or the reasons.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/policy.hpp"
#include "core/common/result.hpp"
#include "core/screening/risk.hpp"

namespace xinqiao::core::warning {

enum class SignalSource { kScreening, kPeer, kTeacher, kGuardian, kHotline, kHospital, kSelf };
std::string_view SignalSourceName(SignalSource s);  // "screening", "peer", ..., "self"
std::optional<SignalSource> ParseSignalSource(std::string_view name);

// The source a person files as, by the role they file in; none for roles that file nothing
// (administrators, auditors).
std::optional<SignalSource> SourceOfRole(auth::Role role);

// What was seen.
enum class Concern {
    kMood,           // low mood, crying, hopelessness
    kWithdrawal,     // withdrawn from friends, class, activities
    kSelfHarmTalk,   // talk or signs of self-harm or death
    kBullying,       // being bullied
    kFamilyChange,   // a change at home: loss, divorce, a parent away
    kSleepAppetite,  // not sleeping, not eating
    kOther,
};
std::string_view ConcernName(Concern c);  // "mood", "withdrawal", "self_harm_talk", ...
std::optional<Concern> ParseConcern(std::string_view name);
const std::vector<Concern>& AllConcerns();

struct SignalReport {
    SignalSource source = SignalSource::kTeacher;
    std::vector<Concern> concerns;  // at least one, each once
    bool danger_now = false;        // the student may hurt themself now
};

// At least one concern, none twice; kInvalidArgument on "/concerns".
Status ValidateReport(const SignalReport& r);

// The level and reasons of a report: one reason per concern ("同伴观察：自伤或轻生言行"), most
// urgent first, and one for danger now.
screening::RiskAssessment AssessSignal(const SignalReport& r);

// The reasons of an alert a signal joins: `existing` then those of `added` it lacks, most urgent
// first (stable).
std::vector<screening::Reason> MergeReasons(std::vector<screening::Reason> existing,
                                            const std::vector<screening::Reason>& added);

// A signal other than screening, as filed: what was seen, by whom, and the alert it raised or
// joined. The words the filer added are a student note (T3), referenced by `note_id`.
struct Signal {
    std::int64_t id = 0;
    std::int64_t student_id = 0;
    std::int64_t alert_id = 0;
    warning::SignalReport report;
    screening::Level level = screening::Level::kIII;
    std::optional<std::int64_t> filed_by;
    std::string filed_role;  // core::auth::RoleName of the role filed in
    std::string filer_name;  // filled by Signals()
    std::optional<std::int64_t> note_id;
    std::optional<std::string> note;  // its words, for those who may read notes (filled by AlertService::Get)
    std::int64_t created_ms = 0;
};

}  // namespace xinqiao::core::warning
