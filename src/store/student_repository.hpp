#pragma once
// StudentRepository over a Session, plus the bulk writes the demo generator needs.

#include "core/ports/data_store.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

class SqlStudentRepository final : public core::ports::StudentRepository {
public:
    explicit SqlStudentRepository(Session& session) : session_(session) {}

    Result<core::people::StudentPage> ListInSubtree(const std::string& path, const core::people::StudentQuery& q) override;
    Result<core::people::StudentId> Insert(const core::people::Student& s) override;

    // Inserts rows whose ids are already set (the demo generator's people).
    Status InsertWithId(const core::people::Student& s);
    Status InsertGuardian(const core::people::Guardian& g);
    Status InsertStaff(const core::people::StaffMember& m);

private:
    Session& session_;
};

}  // namespace xinqiao::store
