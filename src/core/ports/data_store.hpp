#pragma once
// What the service layer needs from storage, declared here and implemented by store/ (the way
// LevelDB's Env is declared by the engine and implemented per platform). Services run one
// transaction per use case through DataStore and reach tables only through the repositories
// it hands them.
//
// Threading: every method blocks on the database. Call them from a database executor (the
// HTTP layer's worker pool), never from an I/O thread. Repositories live only for the
// transaction they were handed in and must not escape it.

#include <cstdint>
#include <functional>
#include <string>

#include "core/common/result.hpp"
#include "core/ports/accounts.hpp"
#include "core/ports/alerts.hpp"
#include "core/ports/audit_trail.hpp"
#include "core/ports/cases.hpp"
#include "core/ports/client_lockouts.hpp"
#include "core/ports/crisis_teams.hpp"
#include "core/ports/follow_ups.hpp"
#include "core/ports/grants.hpp"
#include "core/ports/invitations.hpp"
#include "core/ports/orgs.hpp"
#include "core/ports/referrals.hpp"
#include "core/ports/screening.hpp"
#include "core/ports/sessions.hpp"
#include "core/ports/sign_in_codes.hpp"
#include "core/ports/student_links.hpp"
#include "core/ports/students.hpp"
#include "core/ports/supports.hpp"
#include "core/ports/webhooks.hpp"

namespace xinqiao::core::ports {

// Figures about the connection pool, for /metrics.
struct PoolFigures {
    std::string driver;          // "sqlite" or "postgresql"
    int connections = 0;         // open connections
    int in_use = 0;              // connections lent out right now
    std::uint64_t acquisitions = 0;
    std::uint64_t waits = 0;     // acquisitions that had to wait for a free connection
    double wait_seconds_total = 0;
    std::uint64_t failures = 0;  // transactions that ended in a driver error
    // SQLite: its one writer, which every write waits for. How many turns it took (each commits a
    // batch of writes), how many writes, and the time it spent in them (wall and CPU): its
    // share of the seconds is how close a server is to its write capacity.
    std::uint64_t writer_turns = 0;
    std::uint64_t writer_writes = 0;
    double writer_busy_seconds = 0;
    double writer_cpu_seconds = 0;
};

class Repositories {
public:
    virtual ~Repositories() = default;
    virtual OrgRepository& Orgs() = 0;
    virtual StudentRepository& Students() = 0;
    virtual AuditRepository& Audit() = 0;
    virtual AccountRepository& Accounts() = 0;
    virtual GrantRepository& Grants() = 0;
    virtual SessionRepository& Sessions() = 0;
    virtual StudentLinkRepository& StudentLinks() = 0;
    virtual SignInCodeRepository& SignInCodes() = 0;
    virtual InvitationRepository& Invitations() = 0;
    virtual ClientLockoutRepository& ClientLockouts() = 0;
    virtual ScreeningRepository& Screening() = 0;
    virtual AlertRepository& Alerts() = 0;
    virtual WebhookRepository& Webhooks() = 0;
    virtual CaseRepository& Cases() = 0;
    virtual ReferralRepository& Referrals() = 0;
    virtual FollowUpRepository& FollowUps() = 0;
    virtual TeamRepository& Teams() = 0;
    virtual SupportRepository& Supports() = 0;
};

class DataStore {
public:
    virtual ~DataStore() = default;
    // Runs `work` in a read-only transaction.
    virtual Status Read(const std::function<Status(Repositories&)>& work) = 0;
    // Runs `work` in a read-write transaction; commits if it returns Ok, else rolls back.
    // The commit is durable when this returns Ok.
    virtual Status Write(const std::function<Status(Repositories&)>& work) = 0;
    // kUnavailable if the database cannot be reached.
    virtual Status Ping() = 0;
    virtual PoolFigures Figures() = 0;
};

}  // namespace xinqiao::core::ports
