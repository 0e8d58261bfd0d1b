#pragma once
// Storage of students, their guardians, staff records and student notes (T3, sealed at rest).
// See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"
#include "core/people/student.hpp"
#include "core/people/student_query.hpp"

namespace xinqiao::core::ports {

class StudentRepository {
public:
    virtual ~StudentRepository() = default;
    // Students whose class lies in the subtree at `path`, one page, with the total count.
    virtual Result<people::StudentPage> ListInSubtree(const std::string& path, const people::StudentQuery& q) = 0;
    // The students under `unit` that match q.search (and q's filters), at most
    // people::kMaxSearchMatches of them (`more` when there were more), one page in q's order. Read
    // from the search terms written with each student, never by scanning names.
    virtual Result<people::StudentPage> Search(const org::OrgUnit& unit, const people::StudentQuery& q) = 0;
    // Inserts a student whose placement fields (county, school, grade, class, org_path) are set.
    // kAlreadyExists if the student number is taken in that school.
    virtual Result<people::StudentId> Insert(const people::Student& s) = 0;
    // The student with this student number in `school`, if any.
    virtual Result<std::optional<people::Student>> FindByNumber(org::OrgUnitId school, const std::string& number) = 0;
    // The student with this ID number (by keyed hash), if any.
    virtual Result<std::optional<people::StudentId>> FindByIdNumber(const std::string& id_number) = 0;
    // Stores every field and the placement of `s` (by s.id).
    virtual Status Update(const people::Student& s) = 0;
    // Adds a guardian unless the student already has one with this phone (or, without a phone,
    // this name). Returns whether one was added.
    virtual Result<bool> AddGuardianIfNew(const people::Guardian& g) = 0;

    // kNotFound if there is no student `id`.
    virtual Result<people::Student> Get(people::StudentId id) = 0;
    // The student's guardians, primary first.
    virtual Result<std::vector<people::Guardian>> Guardians(people::StudentId id) = 0;
    // Every student of the class `class_id`, by student number.
    virtual Result<std::vector<people::Student>> ListClass(org::OrgUnitId class_id) = 0;
    // The staff record of an account, if it has one.
    virtual Result<std::optional<people::StaffMember>> StaffByAccount(std::int64_t account_id) = 0;
    // Inserts `m` (m.id == 0; returns the new id) or updates the record with m.id.
    virtual Result<people::StaffId> PutStaff(const people::StaffMember& m) = 0;

    // Notes (T3, sealed at rest), oldest first.
    virtual Result<people::StudentNote> AddNote(const people::StudentNote& note) = 0;
    virtual Result<std::vector<people::StudentNote>> Notes(people::StudentId id) = 0;
};

}  // namespace xinqiao::core::ports
