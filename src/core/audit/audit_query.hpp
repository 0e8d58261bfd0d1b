#pragma once
// What auditors ask of the trail: by actor, action, target (e.g. one student) and time range.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/audit/audit_chain.hpp"
#include "core/common/result.hpp"

namespace xinqiao::core::audit {

struct AuditQuery {
    static constexpr int kMaxPageSize = 1000;
    static constexpr int kMaxExportRows = 100000;

    std::optional<std::int64_t> actor_id;
    // "session." matches every session action; "account.grant" itself and the codes below it
    // ("account.grant.class_teacher"), not "account.granted".
    std::string action_prefix;
    std::string target_type;
    std::string target_id;
    bool only_break_glass = false;  // entries with a break-glass reason
    std::string from;           // inclusive, RFC 3339 UTC ("" = from the start)
    std::string to;             // exclusive
    int page = 1;
    int page_size = 100;

    std::int64_t Offset() const { return static_cast<std::int64_t>(page - 1) * page_size; }
};

// Parses `actor`, `action`, `target_type`, `target_id`, `student` (a student id: target type
// "student" and that id), `break_glass` (true/false), `from`, `to` (YYYY-MM-DD or
// YYYY-MM-DDTHH:MM:SS[.sss]Z), `page` and `page_size` (up to `max_page_size`). kInvalidArgument
// naming the parameter.
Result<AuditQuery> ParseAuditQuery(const std::vector<std::pair<std::string, std::string>>& params,
                                   int max_page_size = AuditQuery::kMaxPageSize);

struct AuditPage {
    std::vector<AuditEntry> items;
    std::int64_t total = 0;
};

}  // namespace xinqiao::core::audit
