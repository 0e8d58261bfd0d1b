#include "service/audit_service.hpp"

#include <map>
#include <utility>

#include "core/audit/audit_words.hpp"
#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "core/org/org_unit.hpp"
#include "core/people/student.hpp"
#include "service/audit_writer.hpp"
#include "service/subject.hpp"

namespace xinqiao::service {
namespace {

using core::auth::Action;

struct Scopes {
    std::vector<std::string> paths;
    bool include_global = false;
};

core::Result<Scopes> AuditScopes(const Principal& p) {
    Scopes s;
    for (const auto& g : p.grants) {
        if (core::auth::RuleFor(g.role, Action::kReadAudit).effect != core::auth::Effect::kAllow) continue;
        s.paths.push_back(g.unit_path);
        // A grant on a top-level unit ("/1/") or the whole tree ("/") also covers "/" entries.
        s.include_global = s.include_global || core::org::PathIds(g.unit_path).size() <= 1;
    }
    if (s.paths.empty()) return core::Error::PermissionDenied("reading the audit trail needs an auditor grant");
    return s;
}

// RFC 4180 quoting, and a leading apostrophe on cells a spreadsheet would run as a formula.
std::string Cell(const std::string& v) {
    std::string out = v;
    if (!out.empty() && (out[0] == '=' || out[0] == '+' || out[0] == '-' || out[0] == '@')) out = "'" + out;
    if (out.find_first_of(",\"\n\r") == std::string::npos) return out;
    std::string quoted = "\"";
    for (char c : out) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

// Who and what the entries of one page stand for, each account, student and unit read once.
// What no longer exists (or cannot be read) is left undescribed rather than failing the page.
class Describer {
public:
    explicit Describer(core::ports::Repositories& r) : r_(r) {}

    AuditEntryView Describe(core::audit::AuditEntry e) {
        AuditEntryView v;
        v.action = core::audit::DescribeAction(e.action);
        v.actor_role = core::audit::DescribeActorRole(e.actor_role);
        v.target_type = core::audit::DescribeTargetType(e.target_type);
        if (e.actor_id) {
            v.actor_name = AccountName(*e.actor_id);
            // Students and guardians sign in with their own names: an auditor sees them masked.
            if (e.actor_role == "student" || e.actor_role == "guardian") v.actor_name = core::people::MaskName(v.actor_name);
        }
        v.target = Target(e.target_type, e.target_id);
        v.entry = std::move(e);
        return v;
    }

private:
    std::string Target(const std::string& type, const std::string& id_text) {
        const auto id = core::ParseInt64(id_text);
        if (!id) return {};
        if (type == "student") return Student(*id);
        if (type == "account") return AccountName(*id);
        if (type == "org_unit") return Unit(*id);
        if (type == "alert") {
            const auto a = r_.Alerts().Get(*id);
            return a ? Student(a->alert.student_id) : std::string();
        }
        if (type == "case") return Of(r_.Cases().Get(*id));
        if (type == "referral") return Of(r_.Referrals().Get(*id, false));
        if (type == "follow_up") return Of(r_.FollowUps().Get(*id));
        return {};
    }

    template <typename T>
    std::string Of(const core::Result<T>& record) {
        return record ? Student(record->student_id) : std::string();
    }

    std::string AccountName(std::int64_t id) {
        return Cached(accounts_, id, [&] {
            const auto a = r_.Accounts().Get(id);
            return a ? a->display_name : std::string();
        });
    }

    std::string Student(std::int64_t id) {
        return Cached(students_, id, [&] {
            const auto s = r_.Students().Get(id);
            if (!s) return std::string();
            const auto where = PlacementOf(r_, *s);
            const std::string klass = where ? where->class_label : std::string();
            return core::people::MaskName(s->name) + (klass.empty() ? "" : " · " + klass);
        });
    }

    std::string Unit(core::org::OrgUnitId id) {
        return Cached(units_, id, [&] {
            const auto u = r_.Orgs().Get(id);
            if (!u) return std::string();
            if (u->kind != core::org::OrgKind::kClass || !u->parent_id) return u->name;
            const auto grade = r_.Orgs().Get(*u->parent_id);
            return core::org::ClassLabel(grade ? grade->name : std::string(), u->name);
        });
    }

    template <typename F>
    static std::string Cached(std::map<std::int64_t, std::string>& cache, std::int64_t id, F read) {
        if (const auto it = cache.find(id); it != cache.end()) return it->second;
        return cache.emplace(id, read()).first->second;
    }

    core::ports::Repositories& r_;
    std::map<std::int64_t, std::string> accounts_, students_, units_;
};

std::string WordsOr(const std::optional<core::Words>& w, const std::string& code) { return w ? w->zh : code; }

}  // namespace

core::Result<AuditPageView> AuditService::Query(const Principal& p, const core::audit::AuditQuery& q) {
    XINQIAO_ASSIGN_OR_RETURN(const Scopes scopes, AuditScopes(p));
    AuditPageView page;
    XINQIAO_RETURN_IF_ERROR(store_.Read([&](core::ports::Repositories& r) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(auto stored, r.Audit().Query(q, scopes.paths, scopes.include_global));
        page.total = stored.total;
        Describer describer(r);
        for (auto& e : stored.items) page.items.push_back(describer.Describe(std::move(e)));
        return core::Ok();
    }));
    return page;
}

core::Result<std::string> AuditService::ExportCsv(const Principal& p, core::audit::AuditQuery q) {
    XINQIAO_ASSIGN_OR_RETURN(const Scopes scopes, AuditScopes(p));
    q.page = 1;
    q.page_size = core::audit::AuditQuery::kMaxExportRows;
    // The words an auditor reads first, then the stored codes, which the chain's hashes cover.
    std::string csv =
        "\xEF\xBB\xBF序号,时间,操作人,角色,操作,对象类型,对象,理由,"
        "id,at,actor_id,actor_role,action,target_type,target_id,org_path,request_id,reason,hash\r\n";
    XINQIAO_RETURN_IF_ERROR(store_.Write([&](core::ports::Repositories& r) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(const auto page, r.Audit().Query(q, scopes.paths, scopes.include_global));
        Describer describer(r);
        for (const auto& stored : page.items) {
            const AuditEntryView v = describer.Describe(stored);
            const auto& e = v.entry;
            const std::string id = std::to_string(e.id);
            csv += id + "," + Cell(core::ChinaTimeOf(e.at)) + "," + Cell(v.actor_name) + "," +
                   Cell(WordsOr(v.actor_role, e.actor_role)) + "," + Cell(WordsOr(v.action, e.action)) + "," +
                   Cell(WordsOr(v.target_type, e.target_type)) + "," + Cell(v.target) + "," + Cell(e.reason) + ",";
            csv += id + "," + Cell(e.at) + "," + (e.actor_id ? std::to_string(*e.actor_id) : "") + "," +
                   Cell(e.actor_role) + "," + Cell(e.action) + "," + Cell(e.target_type) + "," + Cell(e.target_id) +
                   "," + Cell(e.org_path) + "," + Cell(e.request_id) + "," + Cell(e.reason) + "," + e.hash + "\r\n";
        }
        return AppendAudit(r, clock_, p.AsActor(core::auth::Role::kAuditor), "audit.export",
                           {"audit_log", std::to_string(page.items.size()) + " entries", scopes.paths.front()});
    }));
    return csv;
}

}  // namespace xinqiao::service
