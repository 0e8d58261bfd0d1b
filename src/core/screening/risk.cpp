#include "core/screening/risk.hpp"

#include <algorithm>
#include <optional>

namespace xinqiao::core::screening {
namespace {

bool AtLeastAsUrgent(Level a, Level b) { return static_cast<int>(a) <= static_cast<int>(b); }

const char* LevelZh(Level l) {
    switch (l) {
        case Level::kI: return "一级（红）";
        case Level::kII: return "二级（橙）";
        case Level::kIII: return "三级（黄）";
        case Level::kIV: return "四级（绿）";
    }
    return "";
}

const char* SituationZh(people::SpecialSituation s) {
    switch (s) {
        case people::SpecialSituation::kLeftBehind: return "留守儿童";
        case people::SpecialSituation::kSingleParent: return "单亲家庭";
        case people::SpecialSituation::kLowIncome: return "家庭经济困难";
        case people::SpecialSituation::kDisability: return "残疾";
        case people::SpecialSituation::kMigrant: return "流动儿童";
        case people::SpecialSituation::kBereaved: return "丧亲";
        case people::SpecialSituation::kOrphaned: return "孤儿或事实无人抚养";
        case people::SpecialSituation::kBullied: return "遭受欺凌";
    }
    return "";
}

}  // namespace

Status Validate(const RiskRules& rules) {
    for (const auto& [instrument, items] : rules.critical_levels) {
        for (const auto& [item, level] : items) {
            if (!AtLeastAsUrgent(level, Level::kII)) {
                return Error::InvalidArgument("a critical item may be made stricter, never looser than level II",
                                              "/critical_levels/" + instrument + "/" + std::to_string(item));
            }
        }
    }
    for (std::size_t i = 0; i < rules.history.size(); ++i) {
        if (rules.history[i].within_days < 1) {
            return Error::InvalidArgument("within_days must be at least 1", "/history/" + std::to_string(i) + "/within_days");
        }
    }
    for (std::size_t i = 0; i < rules.observations.size(); ++i) {
        const auto& o = rules.observations[i];
        if (o.count < 1 || o.within_days < 1) {
            return Error::InvalidArgument("count and within_days must be at least 1", "/observations/" + std::to_string(i));
        }
    }
    return Ok();
}

RiskAssessment Assess(const RiskRules& rules, const std::vector<Outcome>& outcomes, const StudentHistory& history) {
    RiskAssessment a;
    const auto raise = [&](Level level, std::string zh, std::string en, bool from_answers = false) {
        if (level == Level::kIV) return;
        a.level = Higher(a.level, level);
        a.reasons.push_back({level, std::move(zh), std::move(en), from_answers});
    };
    for (const auto& o : outcomes) {
        const Instrument& in = *o.instrument;
        const std::string& name = in.short_name;
        if (o.score.band && in.band_on == BandOn::kTotal) {
            Level level = o.score.band->level;
            if (auto i = rules.band_levels.find(in.id); i != rules.band_levels.end()) {
                if (auto b = i->second.find(o.score.band->label.en); b != i->second.end()) level = b->second;
            }
            raise(level, name + " " + o.score.band->label.zh.value_or(o.score.band->label.en) + "（" + std::to_string(o.score.total) + "分）",
                  name + " " + o.score.band->label.en + " (" + std::to_string(o.score.total) + ")", true);
        }
        for (const auto& alert : o.score.alerts) {
            Level level = Higher(alert.level, Level::kII);  // never looser than II
            if (auto i = rules.critical_levels.find(in.id); i != rules.critical_levels.end()) {
                if (auto c = i->second.find(alert.item); c != i->second.end()) level = Higher(level, c->second);
            }
            const std::string item = std::to_string(alert.item);
            raise(level, name + " 第" + item + "题 " + (alert.value ? "阳性" : "拒答（按阳性处理）"),
                  name + " item " + item + (alert.value ? " positive" : " declined (counted as positive)"), true);
        }
    }
    for (const auto& rule : rules.special_situations) {
        if (!AtLeastAsUrgent(a.level, rule.from) || AtLeastAsUrgent(a.level, rule.to)) continue;
        for (auto s : people::AllSpecialSituations()) {
            if (rule.any.Has(s) && history.special_situations.Has(s)) {
                raise(rule.to, std::string("特殊群体：") + SituationZh(s),
                      "special situation: " + std::string(people::SpecialSituationName(s)));
                break;
            }
        }
    }
    for (const auto& rule : rules.history) {
        if (history.previous_level && AtLeastAsUrgent(*history.previous_level, rule.previous) &&
            history.days_since_previous <= rule.within_days && !AtLeastAsUrgent(a.level, rule.at_least)) {
            raise(rule.at_least,
                  std::to_string(rule.within_days) + "天内曾为" + LevelZh(*history.previous_level),
                  "level " + std::string(LevelName(*history.previous_level)) + " within " +
                      std::to_string(rule.within_days) + " days");
        }
    }
    for (const auto& rule : rules.observations) {
        const auto recent = std::count_if(history.observation_ages_days.begin(), history.observation_ages_days.end(),
                                          [&](int days) { return days <= rule.within_days; });
        if (recent >= rule.count && !AtLeastAsUrgent(a.level, rule.at_least)) {
            raise(rule.at_least, std::to_string(rule.within_days) + "天内有" + std::to_string(recent) + "条关注记录",
                  std::to_string(recent) + " observations within " + std::to_string(rule.within_days) + " days");
        }
    }
    std::stable_sort(a.reasons.begin(), a.reasons.end(),
                     [](const Reason& x, const Reason& y) { return static_cast<int>(x.level) < static_cast<int>(y.level); });
    return a;
}

std::vector<Reason> WithoutAnswers(const std::vector<Reason>& reasons) {
    std::vector<Reason> out;
    std::optional<std::size_t> summary;
    for (const auto& r : reasons) {
        if (!r.from_answers) {
            out.push_back(r);
        } else if (!summary) {
            summary = out.size();
            out.push_back({r.level, "心理筛查结果需要关注", "the screening result needs attention", false});
        } else {
            out[*summary].level = Higher(out[*summary].level, r.level);
        }
    }
    return out;
}

}  // namespace xinqiao::core::screening
