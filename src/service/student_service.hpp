#pragma once
// Use cases on one student: the profile, notes (T3) with break-glass reads, teacher pairing,
// and the codes that let students and guardians in (a class's sign-in code sheet, a guardian
// invitation). Permission is checked against the student's class and the principal's relations
// to the student (self, child, paired); a student the principal may not see answers kNotFound
// exactly like an unknown id. Every write and every read of notes is audited in the same
// transaction.
//
// Threading: every method blocks on the database; call from a database executor.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/org/org_unit.hpp"
#include "core/people/student.hpp"
#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "core/ports/random_source.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

using core::Result;

struct StudentProfile {
    core::people::Student student;
    std::string school_name, grade_name, class_name;
    std::vector<core::people::Guardian> guardians;
    std::vector<core::auth::StudentRelation> relations;   // the viewer's relations to the student
    bool may_view_records = false;                        // notes open without a reason
    bool may_break_glass = false;                         // notes open only with a written reason
};

struct IssuedCode {
    core::people::StudentId student_id = 0;
    std::string student_number;
    std::string name;
    std::string code;  // shown once, stored only as a keyed hash
};

struct ClassCodeSheet {
    std::string school_name, grade_name, class_name;
    std::vector<IssuedCode> codes;
};

struct IssuedInvitation {
    std::string code;  // shown once
    std::int64_t expires_ms = 0;
};

inline constexpr std::int64_t kInvitationLifetimeMs = 14LL * 24 * 60 * 60 * 1000;
inline constexpr std::size_t kMinBreakGlassReason = 4;    // code points
inline constexpr std::size_t kMaxBreakGlassReason = 500;

class StudentService {
public:
    // All references must outlive the service.
    StudentService(core::ports::DataStore& store, core::ports::Clock& clock, core::ports::RandomSource& random)
        : store_(store), clock_(clock), random_(random) {}

    // Needs kViewRoster on the student.
    Result<StudentProfile> Get(const Principal& p, core::people::StudentId id);
    // The students the principal is linked to as themself or as a guardian (their home page).
    Result<std::vector<core::people::StudentListItem>> Mine(const Principal& p);

    // Needs kViewRecords; audited as "student.notes.read". A role that may read them only by
    // break-glass gets kPermissionDenied naming the break-glass route.
    Result<std::vector<core::people::StudentNote>> Notes(const Principal& p, core::people::StudentId id);
    // Needs kViewRecords allowed or break-glass, and a reason of 4..500 characters; audited as
    // "student.notes.break_glass" with the reason, which auditors can filter on.
    Result<std::vector<core::people::StudentNote>> BreakGlassNotes(const Principal& p, core::people::StudentId id,
                                                                   const std::string& reason);
    // Needs kWriteRecords; audited as "student.note.create".
    Result<core::people::StudentNote> AddNote(const Principal& p, core::people::StudentId id, const std::string& body);

    // Pairs the teacher with `teacher_login` with the student (师生结对); needs kEditRoster on the
    // student. The account must hold a class-teacher, grade-lead or psychology-teacher grant.
    // Idempotent. Audited as "student.pair" / "student.unpair" (kNotFound if not paired).
    core::Status Pair(const Principal& p, core::people::StudentId id, const std::string& teacher_login);
    core::Status Unpair(const Principal& p, core::people::StudentId id, const std::string& teacher_login);

    // New sign-in codes for the students of class `class_id` (all of them, or those in `only`),
    // creating their accounts on first issue; old codes stop working. Needs kIssueSignInCodes on
    // the class. Audited as "class.sign_in_codes.issue".
    Result<ClassCodeSheet> IssueClassCodes(const Principal& p, core::org::OrgUnitId class_id,
                                           const std::vector<core::people::StudentId>& only);
    // A single-use guardian invitation for the student, valid for 14 days. Needs
    // kIssueSignInCodes on the student. Audited as "student.guardian_invitation.issue".
    Result<IssuedInvitation> InviteGuardian(const Principal& p, core::people::StudentId id);

private:
    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
    core::ports::RandomSource& random_;
};

// The login of a student's own account.
std::string StudentLogin(core::people::StudentId id);

}  // namespace xinqiao::service
