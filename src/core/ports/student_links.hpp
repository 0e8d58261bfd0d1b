#pragma once
// Storage of the links between accounts and students (own account, guardian, pairing), which
// reach beyond an account's grants. See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/auth/account.hpp"
#include "core/common/result.hpp"
#include "core/people/student.hpp"

namespace xinqiao::core::ports {

class StudentLinkRepository {
public:
    virtual ~StudentLinkRepository() = default;
    // Idempotent.
    virtual Status Link(std::int64_t account_id, const auth::StudentLink& link, std::int64_t now_ms) = 0;
    // kNotFound for a link that does not exist.
    virtual Status Unlink(std::int64_t account_id, const auth::StudentLink& link) = 0;
    // The account's relations to one student (usually none or one).
    virtual Result<std::vector<auth::StudentRelation>> RelationsTo(std::int64_t account_id,
                                                                   people::StudentId student) = 0;
    virtual Result<std::vector<auth::StudentLink>> Of(std::int64_t account_id) = 0;
    // The student's own account, if it has one.
    virtual Result<std::optional<std::int64_t>> StudentAccount(people::StudentId student) = 0;
};

}  // namespace xinqiao::core::ports
