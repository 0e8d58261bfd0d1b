#pragma once
// A screening instrument as data (instruments/*.json): items, response options, reverse keying,
// subscales, severity bands, critical items and the items asked only after certain answers.
// Adding an instrument is adding a file; nothing here knows any instrument by name.
//
// Invariants (checked by Validate):
//  - items are numbered 1..n in order; every answer value of an item is one of its options;
//  - bands on the total cover [min, max] without gaps or overlaps; bands on alerts name each
//    alert level at most once and include the "no alert" band;
//  - subscales and ask_if name existing items; levels are I..IV.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.hpp"

namespace xinqiao::core::screening {

// The risk levels of the action plans: I 红 (crisis) is the highest, IV 绿 the lowest.
enum class Level { kI = 1, kII = 2, kIII = 3, kIV = 4 };
std::string_view LevelName(Level l);  // "I" .. "IV"
std::optional<Level> ParseLevel(std::string_view s);
// The more urgent of two levels.
inline Level Higher(Level a, Level b) { return static_cast<int>(a) < static_cast<int>(b) ? a : b; }

enum class Op { kGreaterOrEqual, kEqual };
std::optional<Op> ParseOp(std::string_view s);
bool Holds(Op op, int answer, int value);

struct Text {
    std::string en;
    std::optional<std::string> zh;  // absent until a verified Chinese text exists
};

struct Option {
    int value = 0;
    Text label;
};

struct Condition {
    Op op = Op::kGreaterOrEqual;
    int value = 0;
    Level level = Level::kIV;
};

// An answer that must reach a person whatever the total says (thoughts of death, self-harm).
struct Critical {
    Condition when;                 // the first level
    std::vector<Condition> escalate;  // higher levels for stronger answers
    bool missing_is_positive = false;  // declining to answer counts as a positive answer
    std::string reason;
};

// The item is asked only if one of `any_of` was answered so that `op value` holds (or, with
// missing_counts, left unanswered).
struct AskIf {
    std::vector<int> any_of;
    Op op = Op::kEqual;
    int value = 0;
    bool missing_counts = false;
};

struct Item {
    int n = 0;
    Text text;
    bool reverse = false;
    bool scored = true;  // counted in the total (e.g. PHQ-9's difficulty question is not)
    std::optional<std::string> subscale;
    std::vector<Option> options;  // the item's own, or the instrument's
    std::optional<Critical> critical;
    std::optional<AskIf> ask_if;
};

struct Band {
    int min = 0, max = 0;              // on the total (band_on = total)
    std::optional<Level> alert_level;  // on the highest alert (band_on = alerts); empty = none
    Text label;
    Level level = Level::kIV;          // the recommended default, kept in the regional rules
};

struct SubscaleFlag {
    Condition when;
    Text label;
};

enum class BandOn { kTotal, kAlerts };

struct Instrument {
    std::string id;
    std::string short_name;  // "PHQ-9": how reasons and reports name it
    std::string version;     // hash of the definition's content, set by the loader
    Text name;
    bool zh_verified = false;  // false: offered in English only, marked 中文版待核验
    std::string licence_statement;
    bool ship_ok = true;
    bool licence_conditional = false;  // shippable only under licence_conditions
    std::string licence_conditions;
    std::optional<int> min_age, max_age;
    Text instructions;  // en may be empty
    std::vector<Item> items;
    int item_min = 0, item_max = 0, total_min = 0, total_max = 0;
    std::map<std::string, std::vector<int>> subscales;
    std::map<std::string, std::vector<SubscaleFlag>> subscale_flags;
    BandOn band_on = BandOn::kTotal;
    std::vector<Band> bands;
    std::optional<int> percentage_factor;  // "percentage" = total × factor (WHO-5)

    const Item* FindItem(int n) const;
};

// Checks the invariants above. kInvalidArgument whose field is the JSON path of the problem
// ("/items/3/options", "/scoring/bands").
Status Validate(const Instrument& instrument);

}  // namespace xinqiao::core::screening
