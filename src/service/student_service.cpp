#include "service/student_service.hpp"

#include <algorithm>

#include "core/auth/sign_in_code.hpp"
#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "service/audit_writer.hpp"
#include "service/read_result.hpp"
#include "service/subject.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Status;
using core::auth::Action;
using core::auth::Effect;
using core::auth::StudentRelation;
using core::people::Student;
using core::people::StudentId;
using core::ports::Repositories;

std::string NotFoundMessage(StudentId id) { return StudentNotFoundMessage(id); }

Result<std::pair<Subject, core::auth::Role>> Authorized(Repositories& r, const Principal& p, StudentId id,
                                                       Action action) {
    return AuthorizedSubject(r, p, id, action);
}

AuditTarget StudentTarget(const Student& s) { return {"student", std::to_string(s.id), s.org_path}; }

// Grade and class names and the school's, from the student's path.
Status FillPlacementNames(Repositories& r, const Student& s, std::string& school, std::string& grade,
                          std::string& klass) {
    XINQIAO_ASSIGN_OR_RETURN(auto where, PlacementOf(r, s));
    school = std::move(where.school);
    grade = std::move(where.grade);
    klass = std::move(where.klass);
    return core::Ok();
}

Result<core::auth::Account> TeacherAccount(Repositories& r, const std::string& login) {
    XINQIAO_ASSIGN_OR_RETURN(const auto account, core::ports::FindAccount(r.Accounts(), login));
    if (!account) return Error::InvalidArgument("there is no account with this login", "/login");
    XINQIAO_ASSIGN_OR_RETURN(const auto grants, r.Grants().Of(account->id));
    const bool teacher = std::any_of(grants.begin(), grants.end(),
                                     [](const core::auth::Grant& g) { return core::auth::MayBePaired(g.role); });
    if (!teacher) {
        return Error::InvalidArgument("only a class teacher, grade lead or psychology teacher can be paired", "/login");
    }
    return *account;
}

}  // namespace

std::string StudentLogin(StudentId id) { return "student-" + std::to_string(id); }

Result<StudentProfile> StudentService::Get(const Principal& p, StudentId id) {
    return ReadResult(store_, [&](Repositories& r) -> Result<StudentProfile> {
        XINQIAO_ASSIGN_OR_RETURN(auto allowed, Authorized(r, p, id, Action::kViewRoster));
        StudentProfile out;
        out.student = std::move(allowed.first.student);
        out.relations = std::move(allowed.first.relations);
        XINQIAO_RETURN_IF_ERROR(FillPlacementNames(r, out.student, out.school_name, out.grade_name, out.class_name));
        XINQIAO_ASSIGN_OR_RETURN(out.guardians, r.Students().Guardians(id));
        const auto records = core::auth::Authorize(p.grants, Action::kViewRecords, allowed.first.target);
        out.may_view_records = records.allowed();
        out.may_break_glass = records.effect == Effect::kBreakGlass;
        return out;
    });
}

Result<std::vector<core::people::StudentListItem>> StudentService::Mine(const Principal& p) {
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<core::people::StudentListItem>> {
        XINQIAO_ASSIGN_OR_RETURN(const auto links, r.StudentLinks().Of(p.account_id));
        std::vector<core::people::StudentListItem> out;
        for (const auto& link : links) {
            if (link.relation == StudentRelation::kPaired) continue;
            XINQIAO_ASSIGN_OR_RETURN(Student s, r.Students().Get(link.student_id));
            core::people::StudentListItem item;
            std::string school;
            XINQIAO_RETURN_IF_ERROR(FillPlacementNames(r, s, school, item.grade_name, item.class_name));
            item.student = std::move(s);
            out.push_back(std::move(item));
        }
        return out;
    });
}

Result<std::vector<core::people::StudentNote>> StudentService::Notes(const Principal& p, StudentId id) {
    return WriteResult(store_, [&](Repositories& r) -> Result<std::vector<core::people::StudentNote>> {
        XINQIAO_ASSIGN_OR_RETURN(Subject s, LoadSubject(r, p, id));
        const auto decision = core::auth::Authorize(p.grants, Action::kViewRecords, s.target);
        if (decision.effect == Effect::kBreakGlass) {
            return Error::PermissionDenied(
                "your role opens notes only with a written reason: POST /api/v1/students/" + std::to_string(id) +
                "/notes/break-glass");
        }
        XINQIAO_ASSIGN_OR_RETURN(const auto via,
                                 Require(p, Action::kViewRecords, s.target, NotFoundMessage(id), Action::kViewRoster));
        XINQIAO_ASSIGN_OR_RETURN(auto notes, r.Students().Notes(id));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(via), "student.notes.read", StudentTarget(s.student)));
        return notes;
    });
}

Result<std::vector<core::people::StudentNote>> StudentService::BreakGlassNotes(const Principal& p, StudentId id,
                                                                               const std::string& reason) {
    const std::string trimmed(core::TrimAscii(reason));
    const std::size_t length = core::CodePointCount(trimmed);
    if (!core::IsValidUtf8(trimmed) || length < kMinBreakGlassReason || length > kMaxBreakGlassReason) {
        return Error::InvalidArgument("write why you need to open these notes (4 to 500 characters)", "/reason");
    }
    return WriteResult(store_, [&](Repositories& r) -> Result<std::vector<core::people::StudentNote>> {
        XINQIAO_ASSIGN_OR_RETURN(Subject s, LoadSubject(r, p, id));
        const auto decision = core::auth::Authorize(p.grants, Action::kViewRecords, s.target);
        if (decision.effect == Effect::kDeny) {
            XINQIAO_RETURN_IF_ERROR(
                Require(p, Action::kViewRecords, s.target, NotFoundMessage(id), Action::kViewRoster));
        }
        XINQIAO_ASSIGN_OR_RETURN(auto notes, r.Students().Notes(id));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(decision.via), "student.notes.break_glass",
                                            StudentTarget(s.student), trimmed));
        return notes;
    });
}

Result<core::people::StudentNote> StudentService::AddNote(const Principal& p, StudentId id, const std::string& body) {
    XINQIAO_RETURN_IF_ERROR(core::people::ValidateNoteBody(body));
    return WriteResult(store_, [&](Repositories& r) -> Result<core::people::StudentNote> {
        XINQIAO_ASSIGN_OR_RETURN(auto allowed, Authorized(r, p, id, Action::kWriteRecords));
        XINQIAO_ASSIGN_OR_RETURN(auto note,
                                 WriteStudentNote(r, id, p.account_id, allowed.second, clock_.NowUnixMillis(), body));
        note.author_name = p.display_name;
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(allowed.second), "student.note.create",
                                            StudentTarget(allowed.first.student)));
        return note;
    });
}

core::Status StudentService::Pair(const Principal& p, StudentId id, const std::string& teacher_login) {
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto allowed, Authorized(r, p, id, Action::kEditRoster));
        XINQIAO_ASSIGN_OR_RETURN(const auto teacher, TeacherAccount(r, teacher_login));
        XINQIAO_RETURN_IF_ERROR(
            r.StudentLinks().Link(teacher.id, {id, StudentRelation::kPaired}, clock_.NowUnixMillis()));
        return AppendAudit(r, clock_, p.AsActor(allowed.second), "student.pair", StudentTarget(allowed.first.student));
    });
}

core::Status StudentService::Unpair(const Principal& p, StudentId id, const std::string& teacher_login) {
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto allowed, Authorized(r, p, id, Action::kEditRoster));
        XINQIAO_ASSIGN_OR_RETURN(const auto teacher, core::ports::FindAccount(r.Accounts(), teacher_login));
        if (!teacher) return Error::NotFound("this teacher is not paired with the student");
        auto unlinked = r.StudentLinks().Unlink(teacher->id, {id, StudentRelation::kPaired});
        if (!unlinked) {
            if (unlinked.error().code == core::ErrorCode::kNotFound) {
                return Error::NotFound("this teacher is not paired with the student");
            }
            return unlinked;
        }
        return AppendAudit(r, clock_, p.AsActor(allowed.second), "student.unpair",
                           StudentTarget(allowed.first.student));
    });
}

Result<ClassCodeSheet> StudentService::IssueClassCodes(const Principal& p, core::org::OrgUnitId class_id,
                                                      const std::vector<StudentId>& only) {
    const std::string not_found = "no org unit with id " + std::to_string(class_id);
    return WriteResult(store_, [&](Repositories& r) -> Result<ClassCodeSheet> {
        auto unit = r.Orgs().Get(class_id);
        if (!unit) {
            if (unit.error().code == core::ErrorCode::kNotFound) return Error::NotFound(not_found);
            return std::move(unit).error();
        }
        XINQIAO_ASSIGN_OR_RETURN(const auto via, Require(p, Action::kIssueSignInCodes, {unit->path}, not_found));
        if (unit->kind != core::org::OrgKind::kClass) {
            return Error::InvalidArgument("sign-in codes are issued for one class at a time", "/id");
        }
        XINQIAO_ASSIGN_OR_RETURN(const auto students, r.Students().ListClass(class_id));
        for (StudentId wanted : only) {
            const bool in_class = std::any_of(students.begin(), students.end(),
                                              [&](const Student& s) { return s.id == wanted; });
            if (!in_class) return Error::InvalidArgument("student " + std::to_string(wanted) + " is not in this class",
                                                         "/student_ids");
        }
        ClassCodeSheet sheet;
        sheet.class_name = unit->name;
        const std::int64_t now = clock_.NowUnixMillis();
        for (const Student& s : students) {
            if (!only.empty() && std::find(only.begin(), only.end(), s.id) == only.end()) continue;
            if (sheet.school_name.empty()) {
                std::string klass;
                XINQIAO_RETURN_IF_ERROR(FillPlacementNames(r, s, sheet.school_name, sheet.grade_name, klass));
            }
            XINQIAO_ASSIGN_OR_RETURN(auto account_id, r.StudentLinks().StudentAccount(s.id));
            if (!account_id) {
                core::auth::Account a;
                a.login = StudentLogin(s.id);
                a.display_name = s.name;
                XINQIAO_ASSIGN_OR_RETURN(account_id, r.Accounts().Insert(a, now));
                XINQIAO_RETURN_IF_ERROR(r.StudentLinks().Link(*account_id, {s.id, StudentRelation::kSelf}, now));
            }
            XINQIAO_RETURN_IF_ERROR(r.Grants().Ensure(*account_id, core::auth::Role::kStudent, class_id));
            IssuedCode issued{s.id, s.student_number, s.name, core::auth::NewAccessCode(random_, core::auth::kStudentCodeLength)};
            XINQIAO_RETURN_IF_ERROR(r.SignInCodes().SetStudentCode(
                *account_id, *core::auth::NormalizeAccessCode(issued.code, core::auth::kStudentCodeLength), now));
            sheet.codes.push_back(std::move(issued));
        }
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(via), "class.sign_in_codes.issue",
                                            {"org_unit", std::to_string(class_id), unit->path}));
        return sheet;
    });
}

Result<IssuedInvitation> StudentService::InviteGuardian(const Principal& p, StudentId id) {
    return WriteResult(store_, [&](Repositories& r) -> Result<IssuedInvitation> {
        XINQIAO_ASSIGN_OR_RETURN(auto allowed, Authorized(r, p, id, Action::kIssueSignInCodes));
        const std::int64_t now = clock_.NowUnixMillis();
        IssuedInvitation out{core::auth::NewAccessCode(random_, core::auth::kInvitationCodeLength),
                             now + kInvitationLifetimeMs};
        XINQIAO_RETURN_IF_ERROR(
            r.Invitations().Insert(*core::auth::NormalizeAccessCode(out.code, core::auth::kInvitationCodeLength), id,
                                   p.account_id, now, out.expires_ms));
        XINQIAO_RETURN_IF_ERROR(AppendAudit(r, clock_, p.AsActor(allowed.second), "student.guardian_invitation.issue",
                                            StudentTarget(allowed.first.student)));
        return out;
    });
}

}  // namespace xinqiao::service
