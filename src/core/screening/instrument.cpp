#include "core/screening/instrument.hpp"

#include <algorithm>
#include <set>

namespace xinqiao::core::screening {

std::string_view LevelName(Level l) {
    switch (l) {
        case Level::kI: return "I";
        case Level::kII: return "II";
        case Level::kIII: return "III";
        case Level::kIV: return "IV";
    }
    return "IV";
}

std::optional<Level> ParseLevel(std::string_view s) {
    for (Level l : {Level::kI, Level::kII, Level::kIII, Level::kIV}) {
        if (s == LevelName(l)) return l;
    }
    return std::nullopt;
}

std::optional<Op> ParseOp(std::string_view s) {
    if (s == ">=") return Op::kGreaterOrEqual;
    if (s == "==") return Op::kEqual;
    return std::nullopt;
}

bool Holds(Op op, int answer, int value) { return op == Op::kEqual ? answer == value : answer >= value; }

const Item* Instrument::FindItem(int n) const {
    return n >= 1 && n <= static_cast<int>(items.size()) ? &items[n - 1] : nullptr;
}

namespace {

Error Bad(const std::string& path, const std::string& what) { return Error::InvalidArgument(what, path); }

}  // namespace

Status Validate(const Instrument& in) {
    if (in.id.empty()) return Bad("/id", "an instrument needs an id");
    if (in.items.empty()) return Bad("/items", "an instrument needs items");
    if (in.item_min > in.item_max || in.total_min > in.total_max) return Bad("/scoring", "min is above max");
    for (std::size_t i = 0; i < in.items.size(); ++i) {
        const Item& item = in.items[i];
        const std::string at = "/items/" + std::to_string(i);
        if (item.n != static_cast<int>(i) + 1) return Bad(at + "/n", "items are numbered 1, 2, 3 ... in order");
        if (item.options.empty()) return Bad(at, "the item has no response options");
        std::set<int> values;
        for (const auto& o : item.options) {
            if (!values.insert(o.value).second) return Bad(at + "/response_options", "two options have the same value");
            if (item.scored && (o.value < in.item_min || o.value > in.item_max)) {
                return Bad(at + "/response_options", "an option value lies outside item_min..item_max");
            }
        }
        if (item.ask_if) {
            if (item.ask_if->any_of.empty()) return Bad(at + "/ask_if/any_of", "names no items");
            for (int n : item.ask_if->any_of) {
                if (n < 1 || n >= item.n) return Bad(at + "/ask_if/any_of", "may name only items before this one");
            }
        }
    }
    for (const auto& [name, members] : in.subscales) {
        for (int n : members) {
            if (!in.FindItem(n)) return Bad("/scoring/subscales/" + name, "names an item that does not exist");
        }
    }
    for (const auto& [name, flags] : in.subscale_flags) {
        if (!in.subscales.count(name)) return Bad("/scoring/subscale_cutoffs/" + name, "is not a subscale");
    }
    if (in.band_on == BandOn::kTotal) {
        std::vector<const Band*> bands;
        for (const auto& b : in.bands) bands.push_back(&b);
        std::sort(bands.begin(), bands.end(), [](const Band* a, const Band* b) { return a->min < b->min; });
        int next = in.total_min;
        for (const Band* b : bands) {
            if (b->min != next || b->max < b->min) {
                return Bad("/scoring/bands", "the bands must cover " + std::to_string(in.total_min) + ".." +
                                                 std::to_string(in.total_max) + " without gaps or overlaps");
            }
            next = b->max + 1;
        }
        if (!bands.empty() && next != in.total_max + 1) {
            return Bad("/scoring/bands", "the bands must end at the highest total, " + std::to_string(in.total_max));
        }
    } else {
        std::set<int> seen;
        bool none = false;
        for (const auto& b : in.bands) {
            if (!b.alert_level) none = true;
            if (!seen.insert(b.alert_level ? static_cast<int>(*b.alert_level) : 0).second) {
                return Bad("/scoring/bands", "two bands are for the same alert level");
            }
        }
        if (!none) return Bad("/scoring/bands", "a band for \"no alert\" (alert_level null) is needed");
    }
    return Ok();
}

}  // namespace xinqiao::core::screening
