#include "service/roster_service.hpp"

#include <algorithm>
#include <map>
#include <set>

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

// 所属单位 as written, reduced to a lookup key: no spaces, one kind of path separator.
std::string UnitKey(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const auto at = [&](std::string_view s) { return text.substr(i, s.size()) == s; };
        if (text[i] == ' ' || text[i] == '\t') {
            ++i;
        } else if (at("\u3000")) {  // full-width space
            i += 3;
        } else if (at("\uFF0F") || at("\uFF1E")) {  // full-width / and >
            out += '/';
            i += 3;
        } else if (text[i] == '\\' || text[i] == '>') {
            out += '/';
            ++i;
        } else {
            out += text[i++];
        }
    }
    return out;
}

// Every way a staff list may name a unit of the subtree under `root`, to the units so named.
class UnitIndex {
public:
    static core::Result<UnitIndex> Build(core::ports::Repositories& r, const OrgUnit& root) {
        XINQIAO_ASSIGN_OR_RETURN(const auto units, r.Orgs().Subtree(root));
        UnitIndex index;
        // Parents come before children, so each unit's path of names extends its parent's.
        std::map<core::org::OrgUnitId, std::pair<std::string, std::string>> names;  // joined by '/', run together
        for (const OrgUnit& u : units) {
            index.units_.emplace(u.id, u);
            if (!u.code.empty()) index.Add(u.code, u.id);
            if (u.id == root.id) {
                names[u.id] = {"", ""};
                for (const std::string& key : {std::string(), root.name}) index.Add(key, u.id);
                continue;
            }
            const auto& [parent_joined, parent_run] = names.at(*u.parent_id);
            const std::string joined = parent_joined.empty() ? u.name : parent_joined + "/" + u.name;
            const std::string run = parent_run + u.name;
            for (const std::string& key : {joined, root.name + "/" + joined, run, root.name + run, u.name}) {
                index.Add(key, u.id);
            }
            names[u.id] = {joined, run};
        }
        return index;
    }

    // The unit `text` names, or the reason it names none or several.
    core::Result<OrgUnit> Find(std::string_view text) const {
        const auto it = keys_.find(UnitKey(text));
        if (it == keys_.end()) {
            return core::Error::NotFound("is not a unit under the one imported into; write its path such as 七年级/1班");
        }
        if (it->second.size() > 1) {
            return core::Error::InvalidArgument("names more than one unit; write its path such as 七年级/1班");
        }
        return units_.at(*it->second.begin());
    }

private:
    void Add(const std::string& key, core::org::OrgUnitId id) { keys_[UnitKey(key)].insert(id); }
    std::map<std::string, std::set<core::org::OrgUnitId>> keys_;
    std::map<core::org::OrgUnitId, OrgUnit> units_;
};

core::people::StaffPosition PositionOf(core::auth::Role role) {
    using core::auth::Role;
    using P = core::people::StaffPosition;
    switch (role) {
        case Role::kPsychologyTeacher: return P::kPsychologyTeacher;
        case Role::kClassTeacher: return P::kClassTeacher;
        case Role::kSchoolLeader: return P::kSchoolLeader;
        case Role::kBureauStaff: return P::kBureauStaff;
        case Role::kHospitalPartner: return P::kDoctor;
        case Role::kHotlineOperator: return P::kHotlineOperator;
        default: return P::kOther;
    }
}

}  // namespace

core::Result<std::vector<core::roster::CsvRow>> ReadRosterRows(std::string_view file, core::ports::TextDecoder& decoder,
                                                               core::ports::Inflater& inflater) {
    if (core::roster::LooksLikeXlsx(file)) {
        // Spreadsheet XML packs about 10:1; far beyond that is a decompression bomb, not a roster.
        const std::size_t budget =
            std::min(core::roster::kMaxXlsxInflatedBytes, std::max<std::size_t>(16u << 20, file.size() * 64));
        return core::roster::ParseXlsx(file, inflater, 200, budget);
    }
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

core::Result<StaffImportReport> RosterService::ImportStaff(const Principal& p, core::org::OrgUnitId unit_id,
                                                          std::string_view file, bool dry_run) {
    using core::auth::Role;
    XINQIAO_ASSIGN_OR_RETURN(const auto rows, ReadRosterRows(file, decoder_, inflater_));
    XINQIAO_ASSIGN_OR_RETURN(auto parsed, core::roster::ParseStaffRoster(rows));

    StaffImportReport report;
    report.dry_run = dry_run;
    report.data_rows = parsed.data_rows;
    report.problems = std::move(parsed.problems);
    const std::string not_found = "no org unit with id " + std::to_string(unit_id);
    const std::int64_t now = clock_.NowUnixMillis();
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](core::ports::Repositories& r) -> core::Status {
        auto root = r.Orgs().Get(unit_id);
        if (!root) return root.error().code == core::ErrorCode::kNotFound ? core::Error::NotFound(not_found) : root.error();
        XINQIAO_ASSIGN_OR_RETURN(const auto via, Require(p, core::auth::Action::kManageUsers, {root->path}, not_found));
        XINQIAO_ASSIGN_OR_RETURN(const UnitIndex units, UnitIndex::Build(r, *root));

        // People in file order, each with the grants of their rows whose units resolve.
        struct Person {
            const core::roster::ImportStaffRow* first = nullptr;
            std::string phone;
            std::vector<core::auth::Grant> grants;
        };
        std::vector<Person> people;
        std::map<std::string, std::size_t> by_login;
        for (const auto& row : parsed.rows) {
            auto unit = units.Find(row.unit);
            if (!unit) {
                report.problems.push_back({row.line, parsed.unit_header, unit.error().message});
                continue;
            }
            std::optional<std::string> misfit;
            for (Role role : row.roles) {
                if (!misfit) misfit = core::auth::MisfitRole(role, unit->kind);
            }
            if (misfit) {
                report.problems.push_back({row.line, parsed.unit_header, *misfit});
                continue;
            }
            auto [it, fresh] = by_login.emplace(row.login, people.size());
            if (fresh) people.push_back({&row, row.phone, {}});
            Person& person = people[it->second];
            if (person.phone.empty()) person.phone = row.phone;
            for (Role role : row.roles) person.grants.push_back({role, unit->id, unit->path});
        }

        for (const Person& person : people) {
            const auto& row = *person.first;
            XINQIAO_ASSIGN_OR_RETURN(auto found, core::ports::FindAccount(r.Accounts(), row.login));
            if (!found) {
                ++report.created;
                report.grants_added += static_cast<int>(person.grants.size());
                if (dry_run) continue;
                core::auth::Account a;
                a.login = row.login;
                a.display_name = row.name;
                XINQIAO_ASSIGN_OR_RETURN(const std::int64_t account_id, r.Accounts().Insert(a, now));
                core::people::StaffMember m;
                m.org_unit_id = person.grants.front().unit_id;
                XINQIAO_ASSIGN_OR_RETURN(const auto home, r.Orgs().Get(m.org_unit_id));
                m.county_id = home.county_id;
                m.name = row.name;
                m.position = PositionOf(person.grants.front().role);
                m.phone = person.phone;
                m.account_id = account_id;
                m.staff_number = row.login;
                XINQIAO_ASSIGN_OR_RETURN(m.id, r.Students().PutStaff(m));
                for (const auto& g : person.grants)
                    XINQIAO_RETURN_IF_ERROR(r.Grants().Ensure(account_id, g.role, g.unit_id));
                XINQIAO_ASSIGN_OR_RETURN(auto issued, StoreNewActivationCode(r, random_, account_id, now));
                report.activations.push_back({row.line, row.login, row.name, std::move(issued.code), issued.expires_ms});
                continue;
            }
            // An existing account: only a staff account whose every grant the caller manages.
            const core::auth::Account& account = *found;
            XINQIAO_ASSIGN_OR_RETURN(auto staff, r.Students().StaffByAccount(account.id));
            XINQIAO_ASSIGN_OR_RETURN(const auto held, r.Grants().Of(account.id));
            if (!staff || !core::auth::MayManageGrants(p.grants, held)) {
                report.problems.push_back({row.line, parsed.staff_number_header,
                                           "is already the sign-in name of an account outside the units you "
                                           "manage; give this person another 工号"});
                continue;
            }
            int added = 0;
            for (const auto& g : person.grants) {
                const bool has = std::any_of(held.begin(), held.end(), [&](const core::auth::Grant& h) {
                    return h.role == g.role && h.unit_id == g.unit_id;
                });
                if (!has) {
                    ++added;
                    if (!dry_run) XINQIAO_RETURN_IF_ERROR(r.Grants().Ensure(account.id, g.role, g.unit_id));
                }
            }
            const bool details_changed = staff->name != row.name || (!person.phone.empty() && staff->phone != person.phone) ||
                                         account.display_name != row.name;
            report.grants_added += added;
            if (added == 0 && !details_changed) {
                ++report.unchanged;
                continue;
            }
            ++report.updated;
            if (dry_run || !details_changed) continue;
            staff->name = row.name;
            if (!person.phone.empty()) staff->phone = person.phone;
            XINQIAO_ASSIGN_OR_RETURN(staff->id, r.Students().PutStaff(*staff));
            XINQIAO_RETURN_IF_ERROR(r.Accounts().SetDisplayName(account.id, row.name));
        }
        if (dry_run) return core::Ok();
        return AppendAudit(r, clock_, p.AsActor(via), "staff.import", {"org_unit", std::to_string(unit_id), root->path});
    }));
    std::stable_sort(report.problems.begin(), report.problems.end(),
                     [](const auto& a, const auto& b) { return a.line < b.line; });
    return report;
}

}  // namespace xinqiao::service
