#include "service/subject.hpp"

#include "core/common/time.hpp"
#include "service/read_result.hpp"

namespace xinqiao::service {

core::Result<core::org::OrgUnit> AuthorizedUnit(core::ports::Repositories& r, const Principal& p,
                                                core::org::OrgUnitId id, core::auth::Action action,
                                                core::auth::Role* via) {
    const std::string missing = "no org unit with id " + std::to_string(id);
    XINQIAO_ASSIGN_OR_RETURN(auto unit, NotFoundAs(r.Orgs().Get(id), missing));
    XINQIAO_ASSIGN_OR_RETURN(const auto role, Require(p, action, {unit.path}, missing));
    if (via) *via = role;
    return unit;
}

std::vector<core::org::OrgUnitId> HospitalsOf(const Principal& p) {
    std::vector<core::org::OrgUnitId> out;
    for (const auto& g : p.grants) {
        if (g.role == core::auth::Role::kHospitalPartner) out.push_back(g.unit_id);
    }
    return out;
}

std::string StudentNotFoundMessage(core::people::StudentId id) { return "no student with id " + std::to_string(id); }

core::Result<Subject> LoadSubject(core::ports::Repositories& r, const Principal& p, core::people::StudentId id) {
    using core::auth::StudentRelation;
    auto student = r.Students().Get(id);
    if (!student) {
        if (student.error().code == core::ErrorCode::kNotFound) return core::Error::NotFound(StudentNotFoundMessage(id));
        return std::move(student).error();
    }
    Subject s{std::move(student).value(), {}, {}};
    if (p.account_id != 0) {
        XINQIAO_ASSIGN_OR_RETURN(s.relations, r.StudentLinks().RelationsTo(p.account_id, id));
    }
    // Referral is a relation only a hospital partner can have; others are spared the lookup.
    if (const auto hospitals = HospitalsOf(p); !hospitals.empty()) {
        XINQIAO_ASSIGN_OR_RETURN(const bool referred, r.Referrals().IsReferredTo(id, hospitals));
        if (referred) s.relations.push_back(StudentRelation::kReferred);
    }
    s.target.org_path = s.student.org_path;
    for (StudentRelation rel : s.relations) {
        s.target.is_self = s.target.is_self || rel == StudentRelation::kSelf;
        s.target.is_own_child = s.target.is_own_child || rel == StudentRelation::kChild;
        s.target.is_paired = s.target.is_paired || rel == StudentRelation::kPaired;
        s.target.is_referred = s.target.is_referred || rel == StudentRelation::kReferred;
    }
    return s;
}

core::Result<std::pair<Subject, core::auth::Role>> AuthorizedSubject(core::ports::Repositories& r, const Principal& p,
                                                                      core::people::StudentId id,
                                                                      core::auth::Action action) {
    XINQIAO_ASSIGN_OR_RETURN(Subject s, LoadSubject(r, p, id));
    XINQIAO_ASSIGN_OR_RETURN(const auto via, Require(p, action, s.target, StudentNotFoundMessage(id),
                                                     core::auth::Action::kViewRoster));
    return std::pair<Subject, core::auth::Role>(std::move(s), via);
}

core::Result<std::pair<Subject, core::auth::Role>> SubjectOfRecord(core::ports::Repositories& r, const Principal& p,
                                                                    core::people::StudentId student,
                                                                    core::auth::Action action,
                                                                    const std::string& missing,
                                                                    const std::string& denied) {
    auto seen = AuthorizedSubject(r, p, student, core::auth::Action::kViewRisk);
    if (!seen) {
        const auto code = seen.error().code;
        if (code == core::ErrorCode::kNotFound || code == core::ErrorCode::kPermissionDenied) {
            return core::Error::NotFound(missing);
        }
        return std::move(seen).error();
    }
    if (action == core::auth::Action::kViewRisk) return seen;
    const auto d = core::auth::Authorize(p.grants, action, seen->first.target);
    if (!d.allowed()) return core::Error::PermissionDenied(denied);
    seen->second = d.via.value_or(seen->second);
    return seen;
}

core::Result<AssignmentAccess> AuthorizedAssignment(core::ports::Repositories& r, const Principal& p,
                                                    core::screening::AssignmentId id, core::auth::Action action,
                                                    const std::string& missing) {
    AssignmentAccess out;
    XINQIAO_ASSIGN_OR_RETURN(out.assignment, NotFoundAs(r.Screening().GetAssignment(id), missing));
    XINQIAO_ASSIGN_OR_RETURN(out.subject, LoadSubject(r, p, out.assignment.student_id));
    XINQIAO_ASSIGN_OR_RETURN(out.via, Require(p, action, out.subject.target, missing, core::auth::Action::kViewRoster));
    XINQIAO_ASSIGN_OR_RETURN(out.campaign, r.Screening().GetCampaign(out.assignment.campaign_id));
    return out;
}

core::Result<Placement> PlacementOf(core::ports::Repositories& r, const core::people::Student& s) {
    XINQIAO_ASSIGN_OR_RETURN(const auto units, r.Orgs().GetMany({s.school_id, s.grade_id, s.class_id}));
    Placement out;
    for (const auto& u : units) {
        if (u.id == s.school_id) out.school = u.name;
        if (u.id == s.grade_id) out.grade = u.name;
        if (u.id == s.class_id) out.klass = u.name;
    }
    out.class_label = core::org::ClassLabel(out.grade, out.klass);
    return out;
}

core::Result<core::people::StudentNote> WriteStudentNote(core::ports::Repositories& r, core::people::StudentId student,
                                                         std::int64_t author, core::auth::Role role, std::int64_t now,
                                                         const std::string& body) {
    core::people::StudentNote note;
    note.student_id = student;
    note.author_id = author;
    note.author_role = std::string(core::auth::RoleName(role));
    note.created_at = core::FormatRfc3339Millis(now);
    note.body = body;
    return r.Students().AddNote(note);
}

}  // namespace xinqiao::service
