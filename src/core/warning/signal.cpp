#include "core/warning/signal.hpp"

#include <algorithm>
#include <array>

#include "core/common/enum_names.hpp"

namespace xinqiao::core::warning {
namespace {

using screening::Level;
using screening::Reason;

constexpr NameTable<SignalSource, 7> kSources = {{
    {SignalSource::kScreening, "screening"},
    {SignalSource::kPeer, "peer"},
    {SignalSource::kTeacher, "teacher"},
    {SignalSource::kGuardian, "guardian"},
    {SignalSource::kHotline, "hotline"},
    {SignalSource::kHospital, "hospital"},
    {SignalSource::kSelf, "self"},
}};

constexpr NameTable<Concern, 7> kConcerns = {{
    {Concern::kMood, "mood"},
    {Concern::kWithdrawal, "withdrawal"},
    {Concern::kSelfHarmTalk, "self_harm_talk"},
    {Concern::kBullying, "bullying"},
    {Concern::kFamilyChange, "family_change"},
    {Concern::kSleepAppetite, "sleep_appetite"},
    {Concern::kOther, "other"},
}};

struct Words {
    std::string_view zh, en;
};

Words SourceWords(SignalSource s) {
    switch (s) {
        case SignalSource::kScreening: return {"心理测评", "Screening"};
        case SignalSource::kPeer: return {"同伴观察", "Peer observation"};
        case SignalSource::kTeacher: return {"教师观察", "Teacher observation"};
        case SignalSource::kGuardian: return {"家长反映", "Guardian report"};
        case SignalSource::kHotline: return {"热线线索", "Hotline lead"};
        case SignalSource::kHospital: return {"医院反馈", "Hospital"};
        case SignalSource::kSelf: return {"学生求助", "Student asked for help"};
    }
    return {"", ""};
}

Words ConcernWords(Concern c) {
    switch (c) {
        case Concern::kMood: return {"情绪低落", "low mood"};
        case Concern::kWithdrawal: return {"退缩、不愿与人交往", "withdrawn"};
        case Concern::kSelfHarmTalk: return {"自伤或轻生言行", "talk or signs of self-harm"};
        case Concern::kBullying: return {"遭受欺凌", "being bullied"};
        case Concern::kFamilyChange: return {"家庭变故", "change at home"};
        case Concern::kSleepAppetite: return {"睡眠或饮食异常", "sleep or appetite"};
        case Concern::kOther: return {"其他情况", "other"};
    }
    return {"", ""};
}

Reason ReasonOf(SignalSource s, Level level, Words what) {
    const Words from = SourceWords(s);
    return {level, std::string(from.zh) + "：" + std::string(what.zh), std::string(from.en) + ": " + std::string(what.en)};
}

bool ByUrgency(const Reason& a, const Reason& b) { return static_cast<int>(a.level) < static_cast<int>(b.level); }

}  // namespace

std::string_view SignalSourceName(SignalSource s) { return NameOf(kSources, s); }
std::optional<SignalSource> ParseSignalSource(std::string_view name) { return ParseName(kSources, name); }
std::string_view ConcernName(Concern c) { return NameOf(kConcerns, c); }
std::optional<Concern> ParseConcern(std::string_view name) { return ParseName(kConcerns, name); }
const std::vector<Concern>& AllConcerns() {
    static const std::vector<Concern> kAll = ValuesOf(kConcerns);
    return kAll;
}

std::optional<SignalSource> SourceOfRole(auth::Role role) {
    using auth::Role;
    switch (role) {
        case Role::kPeerObserver: return SignalSource::kPeer;
        case Role::kClassTeacher:
        case Role::kGradeLead:
        case Role::kPsychologyTeacher:
        case Role::kSchoolLeader:
        case Role::kBureauStaff: return SignalSource::kTeacher;
        case Role::kGuardian: return SignalSource::kGuardian;
        case Role::kHotlineOperator: return SignalSource::kHotline;
        case Role::kHospitalPartner: return SignalSource::kHospital;
        case Role::kStudent: return SignalSource::kSelf;
        case Role::kAdmin:
        case Role::kAuditor: return std::nullopt;
    }
    return std::nullopt;
}

Status ValidateReport(const SignalReport& r) {
    if (r.concerns.empty()) return Error::InvalidArgument("choose at least one thing you noticed", "/concerns");
    for (std::size_t i = 0; i < r.concerns.size(); ++i) {
        if (std::find(r.concerns.begin(), r.concerns.begin() + static_cast<std::ptrdiff_t>(i), r.concerns[i]) !=
            r.concerns.begin() + static_cast<std::ptrdiff_t>(i)) {
            return Error::InvalidArgument("\"" + std::string(ConcernName(r.concerns[i])) + "\" is given twice",
                                          "/concerns/" + std::to_string(i));
        }
    }
    return Ok();
}

screening::RiskAssessment AssessSignal(const SignalReport& r) {
    screening::RiskAssessment out;
    out.level = Level::kIII;
    if (r.danger_now) {
        out.level = Level::kI;
        out.reasons.push_back(ReasonOf(r.source, Level::kI, {"可能有即时危险", "may be in danger now"}));
    }
    for (const Concern c : r.concerns) {
        const Level level = c == Concern::kSelfHarmTalk ? Level::kII : Level::kIII;
        out.level = screening::Higher(out.level, level);
        out.reasons.push_back(ReasonOf(r.source, level, ConcernWords(c)));
    }
    std::stable_sort(out.reasons.begin(), out.reasons.end(), ByUrgency);
    return out;
}

std::vector<Reason> MergeReasons(std::vector<Reason> existing, const std::vector<Reason>& added) {
    for (const auto& r : added) {
        const bool known = std::any_of(existing.begin(), existing.end(), [&](const Reason& e) { return e.zh == r.zh; });
        if (!known) existing.push_back(r);
    }
    std::stable_sort(existing.begin(), existing.end(), ByUrgency);
    return existing;
}

}  // namespace xinqiao::core::warning
