#pragma once
// A school's or county's crisis team (危机干预小组): who is on it and with what duty.

#include <cstdint>
#include <string>

namespace xinqiao::core::cases {

struct TeamMember {
    std::int64_t account_id = 0;
    std::string login, display_name;
    std::string duty;  // "lead" or "member"
    std::int64_t added_ms = 0;
};

}  // namespace xinqiao::core::cases
