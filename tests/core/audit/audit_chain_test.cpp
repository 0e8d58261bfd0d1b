#include "core/audit/audit_chain.hpp"

#include <gtest/gtest.h>

namespace xinqiao::core::audit {
namespace {

// A stand-in digest for core tests (the real SHA-256 lives in store/ and has its own
// known-answer test): deterministic, and sensitive to every byte.
std::string TestDigest(const std::string& bytes) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::vector<AuditEntry> Chain(int n) {
    std::vector<AuditEntry> entries;
    for (int i = 0; i < n; ++i) {
        AuditEntry e;
        e.at = "2026-11-22T10:00:0" + std::to_string(i) + ".000Z";
        e.actor_role = "psychology_teacher";
        e.actor_id = 7;
        e.action = "org_unit.create";
        e.target_type = "org_unit";
        e.target_id = std::to_string(100 + i);
        e.org_path = "/1/2/";
        e.request_id = "r" + std::to_string(i);
        Seal(e, entries.empty() ? nullptr : &entries.back(), TestDigest);
        entries.push_back(e);
    }
    return entries;
}

TEST(AuditChain, SealedEntriesVerify) {
    const auto entries = Chain(5);
    EXPECT_EQ(entries[0].id, 1);
    EXPECT_EQ(entries[0].prev_hash, "");
    EXPECT_EQ(entries[4].id, 5);
    EXPECT_EQ(entries[4].prev_hash, entries[3].hash);
    EXPECT_FALSE(VerifyChain(entries, nullptr, TestDigest));
}

TEST(AuditChain, VerificationCanStartMidChain) {
    const auto entries = Chain(5);
    const std::vector<AuditEntry> tail(entries.begin() + 2, entries.end());
    EXPECT_FALSE(VerifyChain(tail, &entries[1], TestDigest));
}

TEST(AuditChain, NamesTheFirstEditedEntry) {
    auto entries = Chain(5);
    entries[2].target_id = "999";
    const auto b = VerifyChain(entries, nullptr, TestDigest);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->entry_id, 3);
    EXPECT_NE(b->reason.find("edited"), std::string::npos);
    EXPECT_EQ(b->reason.find("999"), std::string::npos) << "the report never shows content";
}

TEST(AuditChain, AnyFieldChangeIsCaught) {
    const auto original = Chain(1)[0];
    const std::vector<std::function<void(AuditEntry&)>> edits = {
        [](AuditEntry& e) { e.at = "2026-11-22T10:00:09.000Z"; },
        [](AuditEntry& e) { e.actor_id = 8; },
        [](AuditEntry& e) { e.actor_id.reset(); },
        [](AuditEntry& e) { e.actor_role = "admin"; },
        [](AuditEntry& e) { e.action = "org_unit.update"; },
        [](AuditEntry& e) { e.target_type = "student"; },
        [](AuditEntry& e) { e.org_path = "/1/"; },
        [](AuditEntry& e) { e.request_id = "x"; },
        [](AuditEntry& e) { e.reason = "because"; },
    };
    for (std::size_t i = 0; i < edits.size(); ++i) {
        AuditEntry e = original;
        edits[i](e);
        EXPECT_TRUE(VerifyChain({e}, nullptr, TestDigest)) << "edit " << i;
    }
}

TEST(AuditChain, NamesTheEntryAfterARemovedOne) {
    auto entries = Chain(5);
    entries.erase(entries.begin() + 1);
    const auto b = VerifyChain(entries, nullptr, TestDigest);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->entry_id, 3);
    EXPECT_NE(b->reason.find("missing"), std::string::npos);
}

TEST(AuditChain, RemovingAndRenumberingIsStillCaught) {
    auto entries = Chain(5);
    entries.erase(entries.begin() + 1);
    for (std::size_t i = 0; i < entries.size(); ++i) entries[i].id = static_cast<std::int64_t>(i) + 1;
    const auto b = VerifyChain(entries, nullptr, TestDigest);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->entry_id, 2);
}

TEST(AuditChain, ReorderingIsCaught) {
    auto entries = Chain(4);
    std::swap(entries[1], entries[2]);
    std::swap(entries[1].id, entries[2].id);
    const auto b = VerifyChain(entries, nullptr, TestDigest);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->entry_id, 2);
}

TEST(AuditChain, CanonicalFormSeparatesFields) {
    AuditEntry a, b;
    a.action = "ab";
    a.target_type = "c";
    b.action = "a";
    b.target_type = "bc";
    EXPECT_NE(CanonicalForm(a), CanonicalForm(b));
}

}  // namespace
}  // namespace xinqiao::core::audit
