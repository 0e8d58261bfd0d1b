#pragma once
// Storage of the org tree (学校—年级—班级 under counties and cities).
// See core/ports/data_store.hpp for threading.

#include <string>
#include <vector>

#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"

namespace xinqiao::core::ports {

class OrgRepository {
public:
    virtual ~OrgRepository() = default;
    // kNotFound if there is no unit `id`.
    virtual Result<org::OrgUnit> Get(org::OrgUnitId id) = 0;
    // Units with the given ids, in no particular order; missing ids are skipped.
    virtual Result<std::vector<org::OrgUnit>> GetMany(const std::vector<org::OrgUnitId>& ids) = 0;
    // Top-level units, by name.
    virtual Result<std::vector<org::OrgUnit>> ListRoots() = 0;
    // Direct children of `id`, by kind then name.
    virtual Result<std::vector<org::OrgUnit>> Children(org::OrgUnitId id) = 0;
    // `root` and every unit under it, parents before their children (by depth).
    virtual Result<std::vector<org::OrgUnit>> Subtree(const org::OrgUnit& root) = 0;
    // Schools, classes and students in the subtree of `path`.
    virtual Result<org::SubtreeCounts> Counts(const std::string& path) = 0;
    // Units in the subtree of `path` whose name contains `text` (literally, no wildcards),
    // shallowest first, at most `limit`.
    virtual Result<std::vector<org::OrgUnit>> Search(const std::string& path, const std::string& text, int limit) = 0;
    // Inserts a unit under `parent` (nullptr for a root); derives id, path, depth, county_id.
    // kAlreadyExists if a sibling has the same name.
    virtual Result<org::OrgUnit> Create(const org::NewOrgUnit& unit, const org::OrgUnit* parent) = 0;
    // Stores name, code, stage and is_boarding of `unit`. kAlreadyExists on a sibling's name.
    virtual Status UpdateAttributes(const org::OrgUnit& unit) = 0;
    // Moves the subtree of `unit` under `new_parent` (nullptr: to the top), rewriting path,
    // depth and county_id of every unit and student below it.
    // Requires: ValidateMove(unit, new_parent) succeeded.
    virtual Result<org::OrgUnit> Move(const org::OrgUnit& unit, const org::OrgUnit* new_parent) = 0;
};

}  // namespace xinqiao::core::ports
