#pragma once
// StudentRepository over a Session, plus the bulk writes the demo generator needs.

#include "core/ports/students.hpp"
#include "store/crypto/keyring.hpp"
#include "store/database.hpp"
#include "store/sql_builder.hpp"

namespace xinqiao::store {

// Writes the search terms of `s` (core/people/search_terms.hpp), its old ones first removed when
// `replace`. Every write of a student's name, number or placement goes through here.
Status WriteStudentSearchTerms(Session& session, const core::people::Student& s, bool replace);

// Appends " AND EXISTS (...)" to a list's conditions: the student whose id is in `student_column`
// has a search term starting with `key` (a core::people::SearchKey()). Appends nothing for an empty
// key. Each student has a handful of terms under the (student_id, term) index, so a list already
// narrowed to its scope checks each row in one short index range.
void AddStudentSearch(SqlBuilder& b, std::string_view student_column, const std::string& key);

class SqlStudentRepository final : public core::ports::StudentRepository {
public:
    // ID numbers and phones are sealed with `keyring` on write and opened on read.
    SqlStudentRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Result<core::people::StudentPage> ListInSubtree(const std::string& path, const core::people::StudentQuery& q) override;
    Result<core::people::StudentPage> Search(const core::org::OrgUnit& unit, const core::people::StudentQuery& q) override;
    Result<core::people::StudentId> Insert(const core::people::Student& s) override;

    // Inserts rows whose ids are already set (the demo generator's people).
    Status InsertWithId(const core::people::Student& s);
    Status InsertGuardian(const core::people::Guardian& g);
    Status InsertStaff(const core::people::StaffMember& m);
    Result<std::optional<core::people::Student>> FindByNumber(core::org::OrgUnitId school,
                                                              const std::string& number) override;
    Result<std::optional<core::people::StudentId>> FindByIdNumber(const std::string& id_number) override;
    Status Update(const core::people::Student& s) override;
    Result<bool> AddGuardianIfNew(const core::people::Guardian& g) override;
    Result<core::people::Student> Get(core::people::StudentId id) override;
    Result<std::vector<core::people::Guardian>> Guardians(core::people::StudentId id) override;
    Result<std::vector<core::people::Student>> ListClass(core::org::OrgUnitId class_id) override;
    Result<std::optional<core::people::StaffMember>> StaffByAccount(std::int64_t account_id) override;
    Result<core::people::StaffId> PutStaff(const core::people::StaffMember& m) override;
    Result<core::people::StudentNote> AddNote(const core::people::StudentNote& note) override;
    Result<std::vector<core::people::StudentNote>> Notes(core::people::StudentId id) override;

private:
    Session& session_;
    const Keyring& keyring_;
};

}  // namespace xinqiao::store
