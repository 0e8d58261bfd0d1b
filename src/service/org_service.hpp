#pragma once
// Use cases on the org tree and the students in it. Each runs one transaction on the
// DataStore. Until accounts exist (issue #3) there is no acting user: the HTTP layer only
// listens on loopback.
//
// Threading: every method blocks on the database; call from a database executor.

#include <optional>
#include <vector>

#include "core/org/org_unit.hpp"
#include "core/people/student_query.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "service/actor.hpp"

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

class OrgService {
public:
    // `store` and `clock` must outlive the service.
    OrgService(core::ports::DataStore& store, core::ports::Clock& clock) : store_(store), clock_(clock) {}

    Result<std::vector<core::org::OrgUnit>> ListRoots();
    // kNotFound for an unknown id (also for the three below).
    Result<core::org::OrgUnit> Get(core::org::OrgUnitId id);
    Result<std::vector<core::org::OrgUnit>> Children(core::org::OrgUnitId id);
    // From the root down to the parent; empty for a root.
    Result<std::vector<core::org::OrgUnit>> Ancestors(core::org::OrgUnitId id);
    // kInvalidArgument naming the field for a bad name, code, kind placement or unknown parent;
    // kAlreadyExists if a sibling has the name. Audited as "org_unit.create".
    Result<core::org::OrgUnit> Create(const Actor& actor, const core::org::NewOrgUnit& unit);
    // As Create, plus kFailedPrecondition for a move under the unit's own subtree. Audited as
    // "org_unit.update" and, for a move, "org_unit.move" (with the new path).
    Result<core::org::OrgUnit> Update(const Actor& actor, core::org::OrgUnitId id, const OrgUnitPatch& patch);
    // The students of the whole subtree of `id`, one page.
    Result<core::people::StudentPage> ListStudents(core::org::OrgUnitId id, const core::people::StudentQuery& query);

private:
    // Appends one audit entry about `unit` in the current transaction.
    core::Status AuditWrite(core::ports::Repositories& r, const Actor& actor, std::string action,
                            const core::org::OrgUnit& unit);

    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
};

}  // namespace xinqiao::service
