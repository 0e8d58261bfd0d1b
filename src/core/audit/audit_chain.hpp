#pragma once
// The audit trail: append-only and hash-chained (ARCHITECTURE.md, "Data that matters most").
//
// Invariants:
//  - Entries are numbered 1, 2, 3, ... without gaps, in the order they were committed.
//  - entry.prev_hash is the hash of the entry before it ("" for the first entry).
//  - entry.hash = hex(digest(prev_hash || CanonicalForm(entry))): every field except `hash`
//    itself, length-prefixed so no two different entries share a canonical form.
//  So an edited entry no longer matches its hash, a removed one breaks the next entry's
//  prev_hash (or leaves a gap in the ids), and a reordering does both. VerifyChain names the
//  first entry where that happens.
//
// The digest (SHA-256 by default, SM3 for 国密 deployments) is passed in: core does no crypto.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace xinqiao::core::audit {

struct AuditEntry {
    std::int64_t id = 0;               // position in the chain, from 1
    std::string at;                    // RFC 3339 UTC, e.g. "2026-11-22T10:00:00.000Z"
    std::optional<std::int64_t> actor_id;  // the account; empty for the system or a local operator
    std::string actor_role;            // the role the actor used, or "system" / "local"
    std::string action;                // e.g. "org_unit.create", "student.view_records"
    std::string target_type;           // e.g. "org_unit", "student"
    std::string target_id;
    std::string org_path;              // the scope the target lies in
    std::string request_id;
    std::string reason;                // break-glass reason; empty otherwise
    std::string prev_hash;             // hex
    std::string hash;                  // hex
};

// Maps bytes to a hex digest (64 hex characters for SHA-256 and SM3).
using DigestFn = std::function<std::string(const std::string& bytes)>;

// The bytes that are hashed for `e` (everything but e.hash).
std::string CanonicalForm(const AuditEntry& e);

// Fills e.prev_hash (from `previous`, or "" for the first entry) and e.hash, and sets e.id to
// follow `previous`.
void Seal(AuditEntry& e, const AuditEntry* previous, const DigestFn& digest);

struct ChainBreak {
    std::int64_t entry_id = 0;  // the first entry that does not fit the chain
    std::string reason;         // what is wrong with it (never its content)
};

// Checks entries given in id order, continuing from `previous` (empty when `entries` starts
// the chain). Returns the first break, or nothing if every entry fits.
std::optional<ChainBreak> VerifyChain(const std::vector<AuditEntry>& entries, const AuditEntry* previous,
                                      const DigestFn& digest);

}  // namespace xinqiao::core::audit
