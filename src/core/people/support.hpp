#pragma once
// The special-situation ledger (特殊群体台账): support given to students in special situations
// (结对帮扶), and the ledger as schools and bureaus read it. Support notes are T3, sealed at rest.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/date.hpp"
#include "core/org/org_unit.hpp"

namespace xinqiao::core::people {

// One piece of support a student in a special situation received (结对帮扶).
struct Support {
    std::int64_t id = 0;
    std::int64_t student_id = 0;
    std::string org_path;
    std::string kind;  // core::people::SupportKinds()
    std::string note;  // sealed; opened only when asked for
    Date given_on;
    std::optional<std::int64_t> author_id;
    std::string author_name;  // filled when read
    std::int64_t created_ms = 0;
};

// A student of the ledger: their situations, who is paired with them, and the support since a day.
struct LedgerRow {
    std::int64_t student_id = 0;
    std::string name, class_name, school_name;
    std::uint32_t situations = 0;     // people::SpecialSituations bits
    std::vector<std::string> paired;  // display names of the teachers paired with them
    int supports = 0;                 // since the day asked about
    std::optional<Date> last_support;
};

// A school's ledger in numbers: students in special situations, paired, supported since a day.
struct CoverageRow {
    org::OrgUnitId school_id = 0;
    std::string school_name;
    std::int64_t flagged = 0, paired = 0, supported = 0;
    std::vector<std::int64_t> by_situation;  // flagged students per situation, in SpecialSituation bit order
};

}  // namespace xinqiao::core::people
