#include "service/signal_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/common/text.hpp"
#include "core/common/written.hpp"
#include "core/common/time.hpp"
#include "service/alert_service.hpp"
#include "service/audit_writer.hpp"
#include "service/read_result.hpp"
#include "service/subject.hpp"

namespace xinqiao::service {
namespace {

using core::Error;
using core::Result;
using core::Status;
using core::auth::Action;
using core::auth::Effect;
using core::auth::Reach;
using core::ports::Repositories;

constexpr int kMaxByName = 20;
constexpr std::size_t kMaxNameCodePoints = 50;

Status ValidateNote(const std::string& note) {
    return core::CheckWritten(note, kMaxSignalNoteCodePoints, "the note", "/note", false);
}

// Students found through several grants, each once, in the order found.
struct Found {
    std::vector<core::people::Student> students;
    std::set<std::int64_t> seen;
    void Add(const core::people::Student& s) {
        if (seen.insert(s.id).second) students.push_back(s);
    }
};

}  // namespace

Status SignalService::File(const Principal& p, const SignalInput& in) {
    XINQIAO_RETURN_IF_ERROR(ValidateNote(in.note));
    const std::int64_t now = clock_.NowUnixMillis();
    return store_.Write([&](Repositories& r) -> Status {
        XINQIAO_ASSIGN_OR_RETURN(auto allowed, AuthorizedSubject(r, p, in.student_id, Action::kFileObservation));
        const auto& [subject, via] = allowed;
        const auto source = core::warning::SourceOfRole(via);
        if (!source) return Error::PermissionDenied("this role does not file reports about students");
        core::warning::SignalReport report{*source, in.concerns, in.danger_now};
        XINQIAO_RETURN_IF_ERROR(core::warning::ValidateReport(report));
        const auto assessment = core::warning::AssessSignal(report);
        const std::string source_name(core::warning::SignalSourceName(*source));

        core::warning::Signal signal;
        signal.student_id = subject.student.id;
        signal.report = report;
        signal.level = assessment.level;
        signal.filed_by = p.account_id;
        signal.filed_role = std::string(core::auth::RoleName(via));
        signal.created_ms = now;
        if (!core::TrimAscii(in.note).empty()) {
            XINQIAO_ASSIGN_OR_RETURN(const auto stored, WriteStudentNote(r, subject.student.id, p.account_id, via, now, in.note));
            signal.note_id = stored.id;
        }
        XINQIAO_ASSIGN_OR_RETURN(signal.alert_id,
                                 ReceiveSignal(r, subject.student, source_name, std::nullopt, assessment, now,
                                               p.account_id));
        XINQIAO_ASSIGN_OR_RETURN([[maybe_unused]] const std::int64_t signal_id, r.Alerts().InsertSignal(signal));
        return AppendAudit(r, clock_, p.AsActor(via), "signal.file",
                           {"student", std::to_string(subject.student.id), subject.student.org_path});
    });
}

Result<std::vector<SignalCandidate>> SignalService::Candidates(const Principal& p, const std::string& raw_name) {
    const std::string name(core::TrimAscii(raw_name));
    if (!core::IsValidUtf8(name) || core::HasControlCharacter(name) || core::CodePointCount(name) > kMaxNameCodePoints) {
        return Error::InvalidArgument("a name has at most 50 characters of plain text", "/name");
    }
    return ReadResult(store_, [&](Repositories& r) -> Result<std::vector<SignalCandidate>> {
        Found found;
        std::optional<std::vector<core::auth::StudentLink>> links;  // read once, if a grant reaches by link
        for (const auto& g : p.grants) {
            const auto rule = core::auth::RuleFor(g.role, Action::kFileObservation);
            if (rule.effect != Effect::kAllow) continue;
            if (rule.reach == Reach::kSelf || rule.reach == Reach::kOwnChild) {
                if (!links) {
                    XINQIAO_ASSIGN_OR_RETURN(links, r.StudentLinks().Of(p.account_id));
                }
                for (const auto& link : *links) {
                    const bool fits = rule.reach == Reach::kSelf ? link.relation == core::auth::StudentRelation::kSelf
                                                                 : link.relation == core::auth::StudentRelation::kChild;
                    if (!fits) continue;
                    XINQIAO_ASSIGN_OR_RETURN(const auto s, r.Students().Get(link.student_id));
                    if (name.empty() || s.name == name) found.Add(s);
                }
                continue;
            }
            if (rule.reach != Reach::kSubtree && rule.reach != Reach::kSubtreeOrPaired && rule.reach != Reach::kRegion) {
                continue;
            }
            if (name.empty()) {  // the whole class, for those who hold a class
                XINQIAO_ASSIGN_OR_RETURN(const auto unit, r.Orgs().Get(g.unit_id));
                if (unit.kind != core::org::OrgKind::kClass) continue;
                XINQIAO_ASSIGN_OR_RETURN(const auto students, r.Students().ListClass(unit.id));
                for (const auto& s : students) found.Add(s);
                continue;
            }
            core::people::StudentQuery q;
            q.name = name;
            q.page_size = kMaxByName;
            q.sort = core::people::StudentSort::kRoster;
            const std::string root(core::auth::SubtreeReached(rule.reach, g.unit_path));
            XINQIAO_ASSIGN_OR_RETURN(const auto page, r.Students().ListInSubtree(root, q));
            for (const auto& item : page.items) found.Add(item.student);
        }
        auto& students = found.students;
        if (!name.empty() && students.size() > static_cast<std::size_t>(kMaxByName)) students.resize(kMaxByName);
        // Class and school names, one read for all.
        std::vector<core::org::OrgUnitId> units;
        for (const auto& s : students) {
            units.push_back(s.class_id);
            units.push_back(s.school_id);
        }
        std::sort(units.begin(), units.end());
        units.erase(std::unique(units.begin(), units.end()), units.end());
        XINQIAO_ASSIGN_OR_RETURN(const auto named, r.Orgs().GetMany(units));
        std::map<core::org::OrgUnitId, std::string> names;
        for (const auto& u : named) names[u.id] = u.name;
        std::vector<SignalCandidate> out;
        out.reserve(students.size());
        for (const auto& s : students) out.push_back({s.id, s.name, names[s.class_id], names[s.school_id]});
        return out;
    });
}

}  // namespace xinqiao::service
