#pragma once
// The audit trail in words an auditor reads: every action the server writes, the roles an actor
// acts in and the kinds of target, each in Chinese and English. The trail stores the codes (they
// are hashed into the chain and never change); pages and the export show these words.
//
// Every code the server can write is here: the test databases check, when a test ends, that each
// action, role and target type in their trail has its words (tests/support/test_db.cpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/words.hpp"

namespace xinqiao::core::audit {

struct ActionWords {
    std::string code;  // "case.close"; "account.grant" stands for "account.grant.<role>"
    Words words;
};

// Every action, grouped by area in the order a filter lists them.
const std::vector<ActionWords>& AuditActions();

// The words for an action as stored: "account.grant.class_teacher" reads 授予角色：班主任.
// Empty for a code the server does not write.
std::optional<Words> DescribeAction(std::string_view code);

// The role an actor acted in: a role's name, or "system", "operator" (the command
// line), "local", "anonymous", "staff", "self", "none" (an account
// without a grant).
std::optional<Words> DescribeActorRole(std::string_view role);

// The kind of target: "student", "case", "org_unit", ...
std::optional<Words> DescribeTargetType(std::string_view type);

}  // namespace xinqiao::core::audit
