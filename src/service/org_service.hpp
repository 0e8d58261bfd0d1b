#pragma once
// Use cases on the org tree and the students in it. Each checks the principal's permission
// (service/principal.hpp: an out-of-scope id answers kNotFound like an unknown one), runs one
// transaction on the DataStore and audits every write in it.
//
// Threading: every method blocks on the database; call from a database executor.

#include <optional>
#include <vector>

#include "core/org/org_unit.hpp"
#include "core/people/student_query.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

using core::Result;

// A partial update: only the fields that are present change.
struct OrgUnitPatch {
    std::optional<std::string> name;
    std::optional<std::string> code;
    // Present = move; an empty inner value moves the unit to the top level.
    std::optional<std::optional<core::org::OrgUnitId>> parent_id;
    std::optional<std::optional<core::org::SchoolStage>> stage;
    std::optional<bool> is_boarding;
};

struct UnitWithCounts {
    core::org::OrgUnit unit;
    core::org::SubtreeCounts counts;
};

// A unit and its direct children, each with what lies under it.
struct UnitSummary {
    UnitWithCounts unit;
    std::vector<UnitWithCounts> children;
};

// A unit found by name, with the names of the units above it (top first).
struct FoundUnit {
    core::org::OrgUnit unit;
    std::vector<std::string> trail;
};

inline constexpr int kMaxSearchResults = 50;
inline constexpr std::size_t kMaxSearchText = 50;  // code points

class OrgService {
public:
    // `store` and `clock` must outlive the service.
    OrgService(core::ports::DataStore& store, core::ports::Clock& clock) : store_(store), clock_(clock) {}

    // The highest units the principal may see: the units of their grants, minus those inside
    // another of them.
    Result<std::vector<core::org::OrgUnit>> ListRoots(const Principal& p);
    // kNotFound for an unknown or out-of-scope id (also for the three below).
    Result<core::org::OrgUnit> Get(const Principal& p, core::org::OrgUnitId id);
    Result<std::vector<core::org::OrgUnit>> Children(const Principal& p, core::org::OrgUnitId id);
    // From the root down to the parent; empty for a root.
    Result<std::vector<core::org::OrgUnit>> Ancestors(const Principal& p, core::org::OrgUnitId id);
    // The unit and its children with their counts of schools, classes and students.
    Result<UnitSummary> Summary(const Principal& p, core::org::OrgUnitId id);
    // Units the principal may see whose name contains `text` (1..50 characters after trimming,
    // else kInvalidArgument on field "q"), shallowest first, at most kMaxSearchResults.
    Result<std::vector<FoundUnit>> Search(const Principal& p, const std::string& text);
    // Needs kEditOrgTree on the parent (a top-level unit: an admin grant). kInvalidArgument
    // naming the field for a bad name, code, kind placement or unknown parent; kAlreadyExists
    // if a sibling has the name. Audited as "org_unit.create".
    Result<core::org::OrgUnit> Create(const Principal& p, const core::org::NewOrgUnit& unit);
    // Needs kEditOrgTree on the unit and, for a move, on the new parent. As Create, plus
    // kFailedPrecondition for a move under the unit's own subtree. Audited as
    // "org_unit.update" and, for a move, "org_unit.move" (with the new path).
    Result<core::org::OrgUnit> Update(const Principal& p, core::org::OrgUnitId id, const OrgUnitPatch& patch);
    // The students of the whole subtree of `id`, one page. Needs kViewRoster on the unit.
    Result<core::people::StudentPage> ListStudents(const Principal& p, core::org::OrgUnitId id,
                                                   const core::people::StudentQuery& query);

private:
    // Appends one audit entry about `unit` in the current transaction.
    core::Status AuditWrite(core::ports::Repositories& r, const Actor& actor, std::string action,
                            const core::org::OrgUnit& unit);

    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
};

}  // namespace xinqiao::service
