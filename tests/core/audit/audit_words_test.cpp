#include "core/audit/audit_words.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/auth/policy.hpp"

namespace xinqiao::core::audit {
namespace {

// Three lowercase ASCII letters or underscores in a row: a code, not a Chinese word.
bool LooksLikeCode(const std::string& text) {
    int run = 0;
    for (const char c : text) {
        run = (c >= 'a' && c <= 'z') || c == '_' ? run + 1 : 0;
        if (run >= 3) return true;
    }
    return false;
}

TEST(AuditWords, EveryActionIsWordedInChineseAndEnglish) {
    std::set<std::string> codes;
    for (const auto& a : AuditActions()) {
        EXPECT_TRUE(codes.insert(a.code).second) << "listed twice: " << a.code;
        EXPECT_FALSE(a.words.zh.empty()) << a.code;
        EXPECT_FALSE(a.words.en.empty()) << a.code;
        EXPECT_FALSE(LooksLikeCode(a.words.zh)) << a.code << " reads " << a.words.zh;
        if (a.code != "account.grant" && a.code != "account.revoke") {
            ASSERT_TRUE(DescribeAction(a.code)) << a.code;
            EXPECT_EQ(DescribeAction(a.code)->zh, a.words.zh);
        }
    }
    EXPECT_GT(codes.size(), 60u);
}

TEST(AuditWords, GrantsAndRevocationsNameTheRole) {
    const auto grant = DescribeAction("account.grant.class_teacher");
    ASSERT_TRUE(grant);
    EXPECT_EQ(grant->zh, "授予角色：班主任");
    EXPECT_EQ(grant->en, "Granted a role: Class teacher");
    EXPECT_EQ(DescribeAction("account.revoke.auditor")->zh, "收回角色：审计员");
    EXPECT_FALSE(DescribeAction("account.grant")) << "a grant is stored with its role";
    EXPECT_FALSE(DescribeAction("account.grant.captain"));
    EXPECT_FALSE(DescribeAction("account.grantx.class_teacher"));
}

TEST(AuditWords, UnknownCodesHaveNoWords) {
    EXPECT_FALSE(DescribeAction("case.explode"));
    EXPECT_FALSE(DescribeAction(""));
    EXPECT_FALSE(DescribeActorRole("captain"));
    EXPECT_FALSE(DescribeTargetType("spaceship"));
}

TEST(AuditWords, EveryRoleAndActorIsWorded) {
    for (const auto role : auth::AllRoles()) {
        const auto w = DescribeActorRole(auth::RoleName(role));
        ASSERT_TRUE(w) << auth::RoleName(role);
        EXPECT_FALSE(w->zh.empty());
        EXPECT_FALSE(w->en.empty());
    }
    for (const char* actor : {"system", "operator", "local", "anonymous", "staff", "self", "none"}) EXPECT_TRUE(DescribeActorRole(actor)) << actor;
    EXPECT_EQ(DescribeActorRole("psychology_teacher")->zh, "心理教师");
    EXPECT_EQ(DescribeTargetType("case")->zh, "危机个案");
}

}  // namespace
}  // namespace xinqiao::core::audit
