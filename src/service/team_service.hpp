#pragma once
// Crisis teams (危机干预小组) of schools and counties, and the ledger of students in special
// situations (特殊群体台账) with the support each receives and who is paired with them.
//
// A team is kept on a school or a county (or city) by those who run cases there (kManageCases);
// its members are staff of that unit or above it, or doctors of a partner hospital of the region.
// Anyone who sees risk there (kViewRisk) sees who is on it. The ledger lists names (kViewRoster);
// support notes are T3 (kViewRecords); support is recorded by those who write records about the
// student (kWriteRecords). Coverage per school is T0: bureaus see it without names, small cells
// as "<5".

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "service/count.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

struct CoverageView {
    core::org::OrgUnitId school_id = 0;
    std::string school_name;
    Count flagged, paired, supported;
    std::vector<Count> by_situation;  // in core::people::AllSpecialSituations() order
};

struct NewSupport {
    std::string kind;  // core::people::SupportKinds()
    core::Date given_on;  // not after today
    std::string note;     // 0 to 1000 characters
};

class TeamService {
public:
    TeamService(core::ports::DataStore& store, core::ports::Clock& clock) : store_(store), clock_(clock) {}

    core::Result<std::vector<core::cases::TeamMember>> Team(const Principal& p, core::org::OrgUnitId unit);
    // `duty` "lead" or "member". An unknown login is kNotFound; an account that may not join,
    // kFailedPrecondition.
    core::Status PutMember(const Principal& p, core::org::OrgUnitId unit, const std::string& login, const std::string& duty);
    core::Status RemoveMember(const Principal& p, core::org::OrgUnitId unit, const std::string& login);

    // The students in special situations under `unit` (any of `situations`, all when 0; those
    // `search`, a core::people::SearchKey(), finds when it is not empty), with who is paired with
    // them and the support they had this school year.
    core::Result<std::vector<core::people::LedgerRow>> Ledger(const Principal& p, core::org::OrgUnitId unit,
                                                              std::uint32_t situations, const std::string& search,
                                                              int limit, int offset);
    // Per school under `unit`: students in special situations, paired, supported this school year.
    core::Result<std::vector<CoverageView>> Coverage(const Principal& p, core::org::OrgUnitId unit);
    core::Result<std::int64_t> AddSupport(const Principal& p, core::people::StudentId student, const NewSupport& s);
    // A student's support, newest first; notes only for those who may read records.
    core::Result<std::vector<core::people::Support>> Supports(const Principal& p, core::people::StudentId student);

private:
    core::Date SchoolYearStart() const;

    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
};

}  // namespace xinqiao::service
