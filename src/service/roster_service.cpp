#include "service/roster_service.hpp"

#include <algorithm>
#include <map>

#include "core/common/time.hpp"
#include "core/roster/xlsx.hpp"
#include "service/audit_writer.hpp"

namespace xinqiao::service {
namespace {

using core::org::OrgKind;
using core::org::OrgUnit;

core::Date DateOf(std::int64_t unix_ms) {
    const std::string t = core::FormatRfc3339Millis(unix_ms);
    return core::ParseDate(t.substr(0, 10)).value_or(core::Date{});
}

bool SameStudent(const core::people::Student& a, const core::people::Student& b) {
    return a.name == b.name && a.gender == b.gender && a.birth_date == b.birth_date && a.id_number == b.id_number &&
           a.class_id == b.class_id && a.special_situations == b.special_situations;
}

}  // namespace

core::Result<std::vector<core::roster::CsvRow>> ReadRosterRows(std::string_view file, core::ports::TextDecoder& decoder,
                                                               core::ports::Inflater& inflater) {
    if (core::roster::LooksLikeXlsx(file)) return core::roster::ParseXlsx(file, inflater);
    XINQIAO_ASSIGN_OR_RETURN(const std::string text, decoder.ToUtf8(file));
    return core::roster::ParseCsv(text);
}

core::Result<ImportReport> RosterService::ImportStudents(const Principal& p, core::org::OrgUnitId school_id,
                                                         std::string_view file, bool dry_run) {
    XINQIAO_ASSIGN_OR_RETURN(const auto rows, ReadRosterRows(file, decoder_, inflater_));
    XINQIAO_ASSIGN_OR_RETURN(auto parsed, core::roster::ParseStudentRoster(rows, DateOf(clock_.NowUnixMillis())));

    ImportReport report;
    report.dry_run = dry_run;
    report.data_rows = parsed.data_rows;
    report.problems = std::move(parsed.problems);
    const std::string not_found = "no org unit with id " + std::to_string(school_id);
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](core::ports::Repositories& r) -> core::Status {
        auto school = r.Orgs().Get(school_id);
        if (!school) return school.error().code == core::ErrorCode::kNotFound ? core::Error::NotFound(not_found) : school.error();
        XINQIAO_ASSIGN_OR_RETURN(const auto via, Require(p, core::auth::Action::kEditRoster, {school->path}, not_found));
        if (school->kind != OrgKind::kSchool) {
            return core::Error::InvalidArgument("students are imported into a school", "id");
        }
        // Grades (or faculties) and their classes, by name.
        std::map<std::string, OrgUnit> grades;
        std::map<std::pair<std::string, std::string>, OrgUnit> classes;
        XINQIAO_ASSIGN_OR_RETURN(const auto children, r.Orgs().Children(school_id));
        for (const auto& g : children) {
            if (g.kind != OrgKind::kGrade && g.kind != OrgKind::kFaculty) continue;
            grades.emplace(g.name, g);
            XINQIAO_ASSIGN_OR_RETURN(const auto cs, r.Orgs().Children(g.id));
            for (const auto& c : cs) {
                if (c.kind == OrgKind::kClass) classes.emplace(std::make_pair(g.name, c.name), c);
            }
        }
        for (auto& row : parsed.rows) {
            const auto problem = [&](const char* column, std::string reason) {
                report.problems.push_back({row.line, column, std::move(reason)});
            };
            const auto grade = grades.find(row.grade);
            if (grade == grades.end()) {
                problem("年级", "is not a grade of this school");
                continue;
            }
            const auto klass = classes.find({row.grade, row.klass});
            if (klass == classes.end()) {
                problem("班级", "is not a class of that grade");
                continue;
            }
            auto& s = row.student;
            s.county_id = *klass->second.county_id;
            s.school_id = school_id;
            s.grade_id = grade->second.id;
            s.class_id = klass->second.id;
            s.org_path = klass->second.path;
            XINQIAO_ASSIGN_OR_RETURN(const auto existing, r.Students().FindByNumber(school_id, s.student_number));
            if (!s.id_number.empty()) {
                XINQIAO_ASSIGN_OR_RETURN(const auto owner, r.Students().FindByIdNumber(s.id_number));
                if (owner && (!existing || existing->id != *owner)) {
                    problem("身份证号", "belongs to another student already");
                    continue;
                }
            }
            if (existing) {
                s.id = existing->id;
                if (SameStudent(*existing, s)) ++report.unchanged;
                else ++report.updated;
                if (!dry_run && !SameStudent(*existing, s)) XINQIAO_RETURN_IF_ERROR(r.Students().Update(s));
            } else {
                ++report.created;
                if (!dry_run) {
                    XINQIAO_ASSIGN_OR_RETURN(s.id, r.Students().Insert(s));
                }
            }
            if (row.guardian && !dry_run) {
                core::people::Guardian g;
                g.student_id = s.id;
                g.county_id = s.county_id;
                g.name = row.guardian->name;
                g.relation = row.guardian->relation;
                g.phone = row.guardian->phone;
                g.is_primary = true;
                XINQIAO_ASSIGN_OR_RETURN(const bool added, r.Students().AddGuardianIfNew(g));
                report.guardians_added += added ? 1 : 0;
            }
        }
        if (dry_run) return core::Ok();
        return AppendAudit(r, clock_, p.AsActor(via), "roster.import",
                           {"org_unit", std::to_string(school_id), school->path});
    }));
    std::sort(report.problems.begin(), report.problems.end(),
              [](const auto& a, const auto& b) { return a.line < b.line; });
    return report;
}

}  // namespace xinqiao::service
