#pragma once
// Storage of students' sign-in codes and staff activation codes, kept only as keyed hashes of
// their canonical form. See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <string>
#include <vector>

#include "core/auth/account.hpp"
#include "core/common/result.hpp"

namespace xinqiao::core::ports {

class SignInCodeRepository {
public:
    virtual ~SignInCodeRepository() = default;
    virtual Status SetStudentCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms) = 0;
    virtual Result<std::vector<auth::StudentCodeCandidate>> StudentCodeCandidates(const std::string& student_number,
                                                                                  const std::string& code) = 0;
    // One per account, replaced when reissued.
    virtual Status SetActivationCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms,
                                     std::int64_t expires_ms) = 0;
    // True, and the code is spent, if `code` is the account's activation code and unexpired.
    virtual Result<bool> UseActivationCode(std::int64_t account_id, const std::string& code, std::int64_t now_ms) = 0;
};

}  // namespace xinqiao::core::ports
