#pragma once
// Accounts (账号), their sessions, their links to students, invitations and sign-in failures: the
// records sign-in and scope are decided from. Passwords, codes and tokens are kept only as hashes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/people/student.hpp"

namespace xinqiao::core::auth {

struct Account {
    std::int64_t id = 0;
    std::string login;  // lower case, unique
    std::string display_name;
    std::string password_hash;
    bool is_disabled = false;
    int failed_attempts = 0;  // consecutive failed sign-ins
    std::int64_t locked_until_ms = 0;
    std::string totp_secret;  // base32, opened from its sealed column; empty = not enrolled
    std::int64_t totp_last_step = 0;
};

struct SessionRecord {
    std::int64_t account_id = 0;
    std::string csrf_token;
    std::int64_t created_ms = 0;
    std::int64_t last_seen_ms = 0;
    bool revoked = false;
};

// How an account relates to a student, beyond its grants' subtrees (core/auth/policy.hpp).
enum class StudentRelation {
    kSelf,      // the student's own account
    kChild,     // a guardian's child
    kPaired,    // a teacher paired with the student (师生结对)
    kReferred,  // the student is referred to a hospital where the account works (not stored as a link)
};

inline std::string_view StudentRelationName(StudentRelation r) {
    switch (r) {
        case StudentRelation::kSelf:
            return "self";
        case StudentRelation::kChild:
            return "child";
        case StudentRelation::kPaired:
            return "paired";
        case StudentRelation::kReferred:
            return "referred";
    }
    return "unknown";
}

// An account as the list of users shows it.
struct AccountListItem {
    std::int64_t id = 0;
    std::string login;
    std::string display_name;
    bool disabled = false;
    bool activated = false;  // has a password (an imported account waits for activation)
};

struct AccountPage {
    std::vector<AccountListItem> items;
    std::int64_t total = 0;
};

struct StudentLink {
    people::StudentId student_id = 0;
    StudentRelation relation = StudentRelation::kSelf;
};

// One student account whose student has a given student number, and whether the code typed
// matches its current sign-in code.
struct StudentCodeCandidate {
    std::int64_t account_id = 0;
    bool code_matches = false;
};

struct GuardianInvitation {
    std::int64_t id = 0;
    people::StudentId student_id = 0;
    std::int64_t expires_ms = 0;
    bool redeemed = false;
};

struct ClientFailures {
    int failed_attempts = 0;
    std::int64_t locked_until_ms = 0;
};

}  // namespace xinqiao::core::auth
