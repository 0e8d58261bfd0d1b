#pragma once
// Storage of guardian invitations, kept only as keyed hashes of their canonical code.
// See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <optional>
#include <string>

#include "core/auth/account.hpp"
#include "core/common/result.hpp"
#include "core/people/student.hpp"

namespace xinqiao::core::ports {

class InvitationRepository {
public:
    virtual ~InvitationRepository() = default;
    virtual Status Insert(const std::string& code, people::StudentId student, std::int64_t issued_by,
                          std::int64_t now_ms, std::int64_t expires_ms) = 0;
    virtual Result<std::optional<auth::GuardianInvitation>> Find(const std::string& code) = 0;
    virtual Status MarkRedeemed(std::int64_t invitation_id, std::int64_t account_id, std::int64_t now_ms) = 0;
};

}  // namespace xinqiao::core::ports
