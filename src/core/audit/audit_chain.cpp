#include "core/audit/audit_chain.hpp"

namespace xinqiao::core::audit {
namespace {

void Field(std::string& out, const std::string& value) {
    out += std::to_string(value.size());
    out += ':';
    out += value;
    out += ';';
}

}  // namespace

std::string CanonicalForm(const AuditEntry& e) {
    std::string out = "xinqiao-audit-v1;";
    Field(out, std::to_string(e.id));
    Field(out, e.at);
    Field(out, e.actor_id ? std::to_string(*e.actor_id) : std::string("-"));
    Field(out, e.actor_role);
    Field(out, e.action);
    Field(out, e.target_type);
    Field(out, e.target_id);
    Field(out, e.org_path);
    Field(out, e.request_id);
    Field(out, e.reason);
    Field(out, e.prev_hash);
    return out;
}

void Seal(AuditEntry& e, const AuditEntry* previous, const DigestFn& digest) {
    e.id = previous ? previous->id + 1 : 1;
    e.prev_hash = previous ? previous->hash : std::string();
    e.hash = digest(e.prev_hash + CanonicalForm(e));
}

std::optional<ChainBreak> VerifyChain(const std::vector<AuditEntry>& entries, const AuditEntry* previous,
                                      const DigestFn& digest) {
    const AuditEntry* prev = previous;
    for (const AuditEntry& e : entries) {
        const std::int64_t expected_id = prev ? prev->id + 1 : 1;
        if (e.id != expected_id) {
            return ChainBreak{e.id, "entry " + std::to_string(expected_id) + " is missing before it"};
        }
        const std::string expected_prev = prev ? prev->hash : std::string();
        if (e.prev_hash != expected_prev) {
            return ChainBreak{e.id, "it does not follow the entry before it (removed or reordered entries)"};
        }
        if (digest(e.prev_hash + CanonicalForm(e)) != e.hash) {
            return ChainBreak{e.id, "its content does not match its hash (edited)"};
        }
        prev = &e;
    }
    return std::nullopt;
}

}  // namespace xinqiao::core::audit
