#include "core/people/id_number.hpp"

#include "core/common/assert.hpp"

namespace xinqiao::core::people {

char IdNumberCheckCharacter(std::string_view first17) {
    XINQIAO_ASSERT(first17.size() == 17, "an ID number body has 17 digits");
    static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
    return kCheck[sum % 11];
}

std::optional<Date> IdNumberBirthDate(std::string_view id) {
    if (id.size() != 18) return std::nullopt;
    for (int i = 0; i < 17; ++i) {
        if (id[i] < '0' || id[i] > '9') return std::nullopt;
    }
    const auto digits = [&](int pos, int len) {
        int v = 0;
        for (int i = pos; i < pos + len; ++i) v = v * 10 + (id[i] - '0');
        return v;
    };
    const int y = digits(6, 4), m = digits(10, 2), d = digits(12, 2);
    if (!IsValidDate(y, m, d)) return std::nullopt;
    return Date{y, m, d};
}

bool IsValidIdNumber(std::string_view id) {
    if (!IdNumberBirthDate(id)) return false;
    return id[17] == IdNumberCheckCharacter(id.substr(0, 17));
}

std::string MaskIdNumber(std::string_view id) {
    if (id.size() != 18) return std::string(id.size(), '*');
    std::string masked(id);
    for (int i = 6; i < 14; ++i) masked[i] = '*';
    return masked;
}

}  // namespace xinqiao::core::people
