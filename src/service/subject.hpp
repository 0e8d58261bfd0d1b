#pragma once
// A student as the policy sees them from one principal: the record, the principal's relations
// to them (self, child, paired) and the policy target those make. Shared by every service that
// acts on a student.

#include <string>
#include <utility>
#include <vector>

#include "core/auth/policy.hpp"
#include "core/ports/data_store.hpp"
#include "core/screening/campaign.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

struct Subject {
    core::people::Student student;
    std::vector<core::auth::StudentRelation> relations;
    core::auth::Target target;
};

// Where a student is, in names: the school, the grade, the class, and the class with its grade
// before it ("七年级1班", core::org::ClassLabel) for lists that show the class alone.
struct Placement {
    std::string school, grade, klass, class_label;
};
core::Result<Placement> PlacementOf(core::ports::Repositories& r, const core::people::Student& s);

// The org unit `id` if the principal may do `action` there (the role that allowed it in `via`).
// Unknown units and units the principal cannot see answer the same kNotFound ("no org unit with
// id N"); seen but not allowed, kPermissionDenied.
core::Result<core::org::OrgUnit> AuthorizedUnit(core::ports::Repositories& r, const Principal& p,
                                                core::org::OrgUnitId id, core::auth::Action action,
                                                core::auth::Role* via = nullptr);

// The hospitals where the principal works as a hospital partner (医教协作).
std::vector<core::org::OrgUnitId> HospitalsOf(const Principal& p);

// "no student with id N": what unknown and invisible students answer alike.
std::string StudentNotFoundMessage(core::people::StudentId id);

// kNotFound (StudentNotFoundMessage) if there is no student `id`.
core::Result<Subject> LoadSubject(core::ports::Repositories& r, const Principal& p, core::people::StudentId id);

// The student if the principal may do `action` on them, and the role that allowed it; unknown
// and invisible students (no kViewRoster) answer the same kNotFound.
core::Result<std::pair<Subject, core::auth::Role>> AuthorizedSubject(core::ports::Repositories& r, const Principal& p,
                                                                      core::people::StudentId id,
                                                                      core::auth::Action action);

// The student a record (an alert, a case) is about, if the principal may do `action` on them: the
// record's id answers `missing` (kNotFound) both when the principal cannot see the student's risk
// level (kViewRisk) and when the student is unknown; seen but not `action`, kPermissionDenied
// with `denied`.
core::Result<std::pair<Subject, core::auth::Role>> SubjectOfRecord(core::ports::Repositories& r, const Principal& p,
                                                                    core::people::StudentId student,
                                                                    core::auth::Action action,
                                                                    const std::string& missing,
                                                                    const std::string& denied);

// A screening assignment with its campaign and student, and the role that allowed `action` on
// the student. Unknown assignments and invisible students (no kViewRoster) answer the same
// kNotFound with `missing`.
struct AssignmentAccess {
    core::screening::Assignment assignment;
    core::screening::Campaign campaign;
    Subject subject;
    core::auth::Role via = core::auth::Role::kStudent;
};
core::Result<AssignmentAccess> AuthorizedAssignment(core::ports::Repositories& r, const Principal& p,
                                                    core::screening::AssignmentId id, core::auth::Action action,
                                                    const std::string& missing);

// A note on `student` (sealed at rest) by account `author` writing in `role`, at `now`: the words a
// person adds to a talk, a report or a task done. Returns it as stored (without the author's name).
core::Result<core::people::StudentNote> WriteStudentNote(core::ports::Repositories& r, core::people::StudentId student,
                                                         std::int64_t author, core::auth::Role role, std::int64_t now,
                                                         const std::string& body);

}  // namespace xinqiao::service
