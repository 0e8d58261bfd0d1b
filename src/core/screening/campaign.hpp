#pragma once
// Campaigns (测评任务): a screening over a subtree, some grades, a battery of instruments and a
// window; one assignment per eligible student; progress counted per org unit. Pure rules, no
// I/O: which students are eligible, when a campaign takes answers, who owns the alert a level
// raises and by when it is due.
//
// Invariants (ValidateCampaign):
//  - 1..16 distinct grade levels (1 = 一年级 .. 12 = 高三, 13..16 = university years 1..4);
//  - 1..6 distinct instruments; the window opens before it closes and lasts at most 180 days;
//  - a campaign never reopens after students could no longer answer unless its window is
//    extended: Phase() is derived from the window and the closed flag, nothing else.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/auth/policy.hpp"
#include "core/common/date.hpp"
#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"
#include "core/screening/instrument.hpp"
#include "core/screening/risk.hpp"
#include "core/screening/scoring.hpp"

namespace xinqiao::core::screening {

using CampaignId = std::int64_t;
using AssignmentId = std::int64_t;

inline constexpr int kMinGradeLevel = 1;
inline constexpr int kMaxGradeLevel = 16;
inline constexpr std::size_t kMaxBattery = 6;
inline constexpr std::int64_t kMaxWindowMs = 180LL * 24 * 60 * 60 * 1000;

// The grade level of a class: from its grade's name in schools ("四年级" 4, "七年级"/"初一" 7,
// "高二" 11; a vocational school's "一年级" is 10), from the intake year in a university class's
// name ("2025级1班" in school year 2026 is 14, the second year). Empty when the names say nothing.
std::optional<int> GradeLevel(org::SchoolStage stage, std::string_view grade_name, std::string_view class_name,
                              int school_year);
// The school year `unix_ms` falls in: it begins on September 1st, China time.
int SchoolYearOf(std::int64_t unix_ms);
// The instant a day begins in China time (UTC+8), and the day an instant falls on there.
// Campaign windows run from the start of their first day to the end of their last.
std::int64_t ChinaDayStartMs(const Date& day);
Date ChinaDateOf(std::int64_t unix_ms);
// "四年级", "高一", "大一" for a grade level.
std::string GradeLevelName(int level);

struct BatteryEntry {
    std::string instrument_id;
    std::string version;  // the content hash of the instrument file when the campaign began
};

struct Campaign {
    CampaignId id = 0;
    org::OrgUnitId unit_id = 0;
    std::string org_path;  // the unit's path: the campaign covers its subtree
    std::string name;
    std::vector<int> grades;  // sorted, distinct
    std::vector<BatteryEntry> battery;  // in answering order
    std::int64_t opens_ms = 0;
    std::int64_t closes_ms = 0;
    bool anonymous = false;         // answers kept without the student: no levels per student, no alerts
    bool consent_required = false;  // a guardian's consent before the student may start
    std::string rules = "default";  // the risk rules (risk-rules/NAME.json) levels are set with
    bool closed = false;            // closed by hand
    std::optional<std::int64_t> created_by;
    std::int64_t created_ms = 0;
};

enum class Phase { kScheduled, kOpen, kEnded, kClosed };
std::string_view PhaseName(Phase p);  // "scheduled", "open", "ended", "closed"
Phase PhaseAt(const Campaign& c, std::int64_t now_ms);

// Checks a campaign being created or changed. kInvalidArgument naming the field ("/grades").
Status ValidateCampaign(const Campaign& c);

// The age most students of a grade level have when the school year starts: 一年级 6 .. 高三 17,
// university year 1 18.
inline int TypicalAge(int grade_level) { return grade_level + 5; }

// Whether every instrument of `battery` is meant for the typical age of every grade (the
// instruments' `ages`). kInvalidArgument on "/grades" naming the first instrument and grade that
// do not fit: "PHQ-9 is meant for ages 12 and up; students of 四年级 are about 9".
Status CheckAges(const std::vector<const Instrument*>& battery, const std::vector<int>& grades);

enum class AssignmentState { kInvited, kStarted, kCompleted };
std::string_view AssignmentStateName(AssignmentState s);
std::optional<AssignmentState> ParseAssignmentState(std::string_view s);

enum class Consent { kNotNeeded, kPending, kGiven, kRefused };
std::string_view ConsentName(Consent c);
std::optional<Consent> ParseConsent(std::string_view s);

struct Assignment {
    AssignmentId id = 0;
    CampaignId campaign_id = 0;
    std::int64_t student_id = 0;
    org::OrgUnitId class_id = 0;
    std::string org_path;  // the class's path when the campaign began: where it is counted
    AssignmentState state = AssignmentState::kInvited;
    Consent consent = Consent::kNotNeeded;
    std::int64_t draft_version = 0;
    std::string submit_key;  // the idempotency key of the submission that completed it
    bool needs_care = false;  // a critical item was answered positively
    std::optional<std::int64_t> completed_ms;
};

// Why a student may not answer an assignment now.
enum class Blocker { kNotOpen, kClosed, kSubmitted, kConsentPending, kConsentRefused };
std::string_view BlockerName(Blocker b);     // "not_open", "closed", "submitted", ...
std::string BlockerMessage(Blocker b);       // an English sentence for error messages
// Nothing if the student may answer `a` now.
std::optional<Blocker> WhyNotAnswerable(const Campaign& c, const Assignment& a, std::int64_t now_ms);

// Answers to the instruments of a battery, by instrument id.
using BatteryAnswers = std::map<std::string, Answers>;

// Checks answers in progress: each instrument of the battery at most once, as many entries as
// it has items, each answered value one of the item's options. Unanswered items are fine.
Status ValidateDraft(const std::vector<const Instrument*>& battery, const BatteryAnswers& answers);

// True if an answer given so far meets a critical item's first condition (or, where declining
// counts, an asked critical item is left blank in a submitted response): the student is then
// shown the caring page. Never says which item or how urgent.
bool NeedsCare(const Instrument& instrument, const Answers& answers, bool submitted);

// Counts kept per campaign and org unit, updated in the transaction that changes an assignment,
// so progress and level distributions are read, never counted.
struct Progress {
    std::int64_t invited = 0;    // assignments
    std::int64_t started = 0;    // saved at least one answer, not yet submitted
    std::int64_t completed = 0;
    std::int64_t consent_pending = 0;
    std::int64_t consent_refused = 0;
    std::int64_t levels[4] = {0, 0, 0, 0};  // completed, by level I..IV
};

// The units an assignment is counted in: every unit on its class's path from the campaign's unit
// down (the class included).
std::vector<org::OrgUnitId> CountedUnits(const Campaign& c, std::string_view assignment_path);

// A student and where they sit, as eligibility needs it.
struct StudentPlacement {
    std::int64_t student_id = 0;
    org::OrgUnitId school_id = 0;
    org::OrgUnitId class_id = 0;
    std::string org_path;  // the class's path
    std::string grade_name, class_name;
    std::optional<org::SchoolStage> stage;
};

// One student's line in a class's list for a campaign.
struct AssignmentListItem {
    screening::Assignment assignment;
    std::string student_number, name;
    std::optional<screening::Level> level;  // completed, named campaigns only
};

// One student's line in a campaign export.
struct ExportRow {
    std::int64_t assignment_id = 0;
    std::string student_number, name, school_name, grade_name, class_name;
    screening::AssignmentState state = screening::AssignmentState::kInvited;
    std::optional<std::int64_t> completed_ms;
    std::optional<screening::Level> level;
    std::vector<screening::Reason> reasons;
    std::map<std::string, std::pair<int, std::string>> scores;  // instrument -> total, band
};

struct UnitProgress {
    org::OrgUnit unit;
    screening::Progress progress;
};

}  // namespace xinqiao::core::screening
