#pragma once
// OrgRepository over a Session (SQL in named constants below each function's use).

#include "core/ports/orgs.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

class SqlOrgRepository final : public core::ports::OrgRepository {
public:
    explicit SqlOrgRepository(Session& session) : session_(session) {}

    Result<core::org::OrgUnit> Get(core::org::OrgUnitId id) override;
    Result<std::vector<core::org::OrgUnit>> GetMany(const std::vector<core::org::OrgUnitId>& ids) override;
    Result<std::vector<core::org::OrgUnit>> ListRoots() override;
    Result<std::vector<core::org::OrgUnit>> Children(core::org::OrgUnitId id) override;
    Result<std::vector<core::org::OrgUnit>> Subtree(const core::org::OrgUnit& root) override;
    Result<core::org::SubtreeCounts> Counts(const std::string& path) override;
    Result<std::vector<core::org::OrgUnit>> Search(const std::string& path, const std::string& text, int limit) override;
    Result<core::org::OrgUnit> Create(const core::org::NewOrgUnit& unit, const core::org::OrgUnit* parent) override;
    Status UpdateAttributes(const core::org::OrgUnit& unit) override;
    Result<core::org::OrgUnit> Move(const core::org::OrgUnit& unit, const core::org::OrgUnit* new_parent) override;

    // Inserts a unit whose id and derived fields are already set (the demo generator's units).
    Status InsertWithId(const core::org::OrgUnit& unit);

private:
    Session& session_;
};

}  // namespace xinqiao::store
