#pragma once
// Storage of crisis teams (危机干预小组) of schools and counties, and of the support given to
// students in special situations (特殊群体台账). See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/date.hpp"
#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"

namespace xinqiao::core::ports {

struct TeamMember {
    std::int64_t account_id = 0;
    std::string login, display_name;
    std::string duty;  // "lead" or "member"
    std::int64_t added_ms = 0;
};

class TeamRepository {
public:
    virtual ~TeamRepository() = default;
    // Leads first, then by name.
    virtual Result<std::vector<TeamMember>> Members(org::OrgUnitId unit) = 0;
    // Adds the account or changes its duty.
    virtual Status Put(org::OrgUnitId unit, std::int64_t account_id, const std::string& duty, std::int64_t now_ms) = 0;
    // False when the account was not on the team.
    virtual Result<bool> Remove(org::OrgUnitId unit, std::int64_t account_id) = 0;
};

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
    std::uint32_t situations = 0;  // people::SpecialSituations bits
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

class SupportRepository {
public:
    virtual ~SupportRepository() = default;
    virtual Result<std::int64_t> Add(const Support& s) = 0;
    // Newest first.
    virtual Result<std::vector<Support>> OfStudent(std::int64_t student_id, bool notes) = 0;
    // The students under `path` with any of `situations` (all flagged ones when 0), by class and name.
    virtual Result<std::vector<LedgerRow>> Ledger(const std::string& path, std::uint32_t situations, const Date& since,
                                                  int limit, int offset) = 0;
    // Per school under `path`.
    virtual Result<std::vector<CoverageRow>> Coverage(const std::string& path, const Date& since) = 0;
};

}  // namespace xinqiao::core::ports
