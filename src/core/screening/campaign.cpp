#include "core/screening/campaign.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "core/common/date.hpp"
#include "core/common/enum_names.hpp"
#include "core/common/text.hpp"
#include "core/common/time.hpp"

namespace xinqiao::core::screening {
namespace {

constexpr NameTable<Phase, 4> kPhases = {{
    {Phase::kScheduled, "scheduled"},
    {Phase::kOpen, "open"},
    {Phase::kEnded, "ended"},
    {Phase::kClosed, "closed"},
}};
constexpr NameTable<AssignmentState, 3> kStates = {{
    {AssignmentState::kInvited, "invited"},
    {AssignmentState::kStarted, "started"},
    {AssignmentState::kCompleted, "completed"},
}};
constexpr NameTable<Consent, 4> kConsents = {{
    {Consent::kNotNeeded, "not_needed"},
    {Consent::kPending, "pending"},
    {Consent::kGiven, "given"},
    {Consent::kRefused, "refused"},
}};

constexpr NameTable<Blocker, 5> kBlockers = {{
    {Blocker::kNotOpen, "not_open"},
    {Blocker::kClosed, "closed"},
    {Blocker::kSubmitted, "submitted"},
    {Blocker::kConsentPending, "consent_pending"},
    {Blocker::kConsentRefused, "consent_refused"},
}};

constexpr std::array<std::string_view, 10> kDigits = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

// 1..10 from "一".."十" or "1".."10" at the start of `s`; `rest` gets what follows.
std::optional<int> LeadingNumber(std::string_view s, std::string_view& rest) {
    if (!s.empty() && s[0] >= '0' && s[0] <= '9') {
        std::size_t n = 0;
        while (n < s.size() && n < 2 && s[n] >= '0' && s[n] <= '9') ++n;
        rest = s.substr(n);
        return static_cast<int>(*ParseInt64(s.substr(0, n)));
    }
    for (std::size_t i = 0; i < kDigits.size(); ++i) {
        if (s.starts_with(kDigits[i])) {
            rest = s.substr(kDigits[i].size());
            return static_cast<int>(i) + 1;
        }
    }
    return std::nullopt;
}

std::optional<int> SchoolGradeLevel(org::SchoolStage stage, std::string_view name) {
    name = TrimAscii(name);
    std::string_view rest;
    if (name.starts_with("初")) {  // 初一 .. 初三
        const auto n = LeadingNumber(name.substr(std::string_view("初").size()), rest);
        if (n && *n <= 3 && rest.empty()) return *n + 6;
        return std::nullopt;
    }
    if (name.starts_with("高")) {  // 高一 .. 高三
        const auto n = LeadingNumber(name.substr(std::string_view("高").size()), rest);
        if (n && *n <= 3 && rest.empty()) return *n + 9;
        return std::nullopt;
    }
    const auto n = LeadingNumber(name, rest);
    if (!n || rest != "年级") return std::nullopt;
    switch (stage) {
        case org::SchoolStage::kPrimary: return *n <= 6 ? std::optional<int>(*n) : std::nullopt;
        case org::SchoolStage::kJunior: return *n <= 3 ? *n + 6 : (*n <= 9 ? std::optional<int>(*n) : std::nullopt);
        case org::SchoolStage::kSenior:
        case org::SchoolStage::kVocational: return *n <= 3 ? std::optional<int>(*n + 9) : std::nullopt;
        case org::SchoolStage::kUniversity: return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

std::optional<int> GradeLevel(org::SchoolStage stage, std::string_view grade_name, std::string_view class_name,
                              int school_year) {
    if (stage != org::SchoolStage::kUniversity) return SchoolGradeLevel(stage, grade_name);
    // "2025级…": the intake year.
    if (class_name.size() < 7 || class_name.substr(4, 3) != "级") return std::nullopt;
    const auto intake = ParseInt64(class_name.substr(0, 4));
    if (!intake || *intake > school_year || school_year - *intake > 7) return std::nullopt;
    return 13 + static_cast<int>(school_year - *intake);
}

int SchoolYearOf(std::int64_t unix_ms) {
    const Date d = DateAt(unix_ms, kChinaUtcOffsetMinutes);
    return d.month >= 9 ? d.year : d.year - 1;
}

std::int64_t ChinaDayStartMs(const Date& day) {
    return DaysFromCivil(day) * 86400000 - std::int64_t{kChinaUtcOffsetMinutes} * 60000;
}

Date ChinaDateOf(std::int64_t unix_ms) { return DateAt(unix_ms, kChinaUtcOffsetMinutes); }

std::string GradeLevelName(int level) {
    if (level >= 1 && level <= 9) return std::string(kDigits[static_cast<std::size_t>(level - 1)]) + "年级";
    if (level >= 10 && level <= 12) return "高" + std::string(kDigits[static_cast<std::size_t>(level - 10)]);
    if (level >= 13 && level <= 20) return "大" + std::string(kDigits[static_cast<std::size_t>(level - 13)]);
    return std::to_string(level);
}

std::string_view PhaseName(Phase p) { return NameOf(kPhases, p); }

Phase PhaseAt(const Campaign& c, std::int64_t now_ms) {
    if (c.closed) return Phase::kClosed;
    if (now_ms < c.opens_ms) return Phase::kScheduled;
    if (now_ms >= c.closes_ms) return Phase::kEnded;
    return Phase::kOpen;
}

Status ValidateCampaign(const Campaign& c) {
    if (TrimAscii(c.name) != c.name || c.name.empty() || !IsValidUtf8(c.name) || CodePointCount(c.name) > 100 ||
        HasControlCharacter(c.name)) {
        return Error::InvalidArgument("name must be 1 to 100 characters without surrounding spaces", "/name");
    }
    if (c.grades.empty()) return Error::InvalidArgument("choose at least one grade", "/grades");
    std::set<int> grades;
    for (int g : c.grades) {
        if (g < kMinGradeLevel || g > kMaxGradeLevel) {
            return Error::InvalidArgument("grades are 1 (一年级) to 12 (高三) and 13 to 16 (university years)", "/grades");
        }
        if (!grades.insert(g).second) return Error::InvalidArgument("a grade is listed twice", "/grades");
    }
    if (c.battery.empty() || c.battery.size() > kMaxBattery) {
        return Error::InvalidArgument("choose 1 to " + std::to_string(kMaxBattery) + " instruments", "/instruments");
    }
    std::set<std::string> ids;
    for (const auto& b : c.battery) {
        if (!ids.insert(b.instrument_id).second) {
            return Error::InvalidArgument("an instrument is listed twice", "/instruments");
        }
    }
    if (c.closes_ms <= c.opens_ms) return Error::InvalidArgument("the window must close after it opens", "/closes_on");
    if (c.closes_ms - c.opens_ms > kMaxWindowMs) {
        return Error::InvalidArgument("a campaign runs for at most 180 days", "/closes_on");
    }
    return Ok();
}

Status CheckAges(const std::vector<const Instrument*>& battery, const std::vector<int>& grades) {
    for (const Instrument* in : battery) {
        for (int g : grades) {
            const int age = TypicalAge(g);
            const std::string who = "; students of " + GradeLevelName(g) + " are about " + std::to_string(age);
            if (in->min_age && age < *in->min_age) {
                return Error::InvalidArgument(
                    in->short_name + " is meant for ages " + std::to_string(*in->min_age) + " and up" + who, "/grades");
            }
            if (in->max_age && age > *in->max_age) {
                return Error::InvalidArgument(
                    in->short_name + " is meant for ages up to " + std::to_string(*in->max_age) + who, "/grades");
            }
        }
    }
    return Ok();
}

std::string_view AssignmentStateName(AssignmentState s) { return NameOf(kStates, s); }
std::optional<AssignmentState> ParseAssignmentState(std::string_view s) { return ParseName(kStates, s); }
std::string_view ConsentName(Consent c) { return NameOf(kConsents, c); }
std::optional<Consent> ParseConsent(std::string_view s) { return ParseName(kConsents, s); }

std::string_view BlockerName(Blocker b) { return NameOf(kBlockers, b); }

std::string BlockerMessage(Blocker b) {
    switch (b) {
        case Blocker::kNotOpen: return "this questionnaire is not open yet";
        case Blocker::kClosed: return "this questionnaire is closed";
        case Blocker::kSubmitted: return "this questionnaire was already submitted";
        case Blocker::kConsentPending: return "this questionnaire waits for a guardian's consent";
        case Blocker::kConsentRefused: return "a guardian did not consent to this questionnaire";
    }
    return {};
}

std::optional<Blocker> WhyNotAnswerable(const Campaign& c, const Assignment& a, std::int64_t now_ms) {
    switch (PhaseAt(c, now_ms)) {
        case Phase::kScheduled: return Blocker::kNotOpen;
        case Phase::kEnded:
        case Phase::kClosed: return Blocker::kClosed;
        case Phase::kOpen: break;
    }
    if (a.state == AssignmentState::kCompleted) return Blocker::kSubmitted;
    if (a.consent == Consent::kPending) return Blocker::kConsentPending;
    if (a.consent == Consent::kRefused) return Blocker::kConsentRefused;
    return std::nullopt;
}

Status ValidateDraft(const std::vector<const Instrument*>& battery, const BatteryAnswers& answers) {
    for (const auto& [id, values] : answers) {
        const auto it = std::find_if(battery.begin(), battery.end(), [&](const Instrument* in) { return in->id == id; });
        const std::string field = "/answers/" + id.substr(0, 32);
        if (it == battery.end()) return Error::InvalidArgument("this questionnaire has no instrument by that id", field);
        const Instrument& in = **it;
        if (values.size() != in.items.size()) {
            return Error::InvalidArgument(in.short_name + " has " + std::to_string(in.items.size()) + " items; " +
                                              std::to_string(values.size()) + " answers were given",
                                          field);
        }
        for (const Item& item : in.items) {
            const auto& v = values[static_cast<std::size_t>(item.n - 1)];
            if (v && !IsOption(item, *v)) {
                return Error::InvalidArgument("the answer to item " + std::to_string(item.n) + " is not one of its options",
                                              field + "/" + std::to_string(item.n - 1));
            }
        }
    }
    return Ok();
}

bool NeedsCare(const Instrument& in, const Answers& answers, bool submitted) {
    if (answers.size() != in.items.size()) return false;
    for (const Item& item : in.items) {
        if (!item.critical) continue;
        const auto& v = answers[static_cast<std::size_t>(item.n - 1)];
        if (v) {
            if (Holds(item.critical->when.op, *v, item.critical->when.value)) return true;
        } else if (submitted && item.critical->missing_is_positive && IsAsked(item, answers)) {
            return true;
        }
    }
    return false;
}

std::vector<org::OrgUnitId> CountedUnits(const Campaign& c, std::string_view assignment_path) {
    std::vector<org::OrgUnitId> out;
    const auto ids = org::PathIds(assignment_path);
    const auto top = org::PathIds(c.org_path);
    for (std::size_t i = top.empty() ? 0 : top.size() - 1; i < ids.size(); ++i) out.push_back(ids[i]);
    return out;
}

}  // namespace xinqiao::core::screening
