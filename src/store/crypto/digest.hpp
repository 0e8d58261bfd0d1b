#pragma once
// Message digests over OpenSSL 3: SHA-256, and SM3 for 国密 deployments.

#include <string>
#include <string_view>

#include "core/audit/audit_chain.hpp"

namespace xinqiao::store {

enum class DigestAlgorithm { kSha256, kSm3 };

// Lower-case hex digest of `bytes` (64 characters for both algorithms).
std::string HexDigest(DigestAlgorithm algorithm, std::string_view bytes);

// The digest as the audit chain takes it.
core::audit::DigestFn AuditDigest(DigestAlgorithm algorithm);

}  // namespace xinqiao::store
