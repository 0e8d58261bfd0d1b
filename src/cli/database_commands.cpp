// `xinqiao migrate` and `xinqiao audit verify`.
#include "cli/command_support.hpp"

#include <chrono>
#include <cstdio>
#include <condition_variable>
#include <mutex>
#include <ctime>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <thread>

#include <sys/stat.h>

#include <boost/json/serialize.hpp>

#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "core/ports/clock.hpp"
#include "store/audit_repository.hpp"
#include "store/crypto/digest.hpp"
#include "store/migrations/migrations.hpp"

namespace xinqiao::cli {
int Migrate(const Parsed& p) {
    if (int rc = NoExtraOptions(p)) return rc;
    auto opened = OpenWithKeys(p.config);
    if (!opened) return Fail(opened.error());
    auto version = store::SchemaVersion(*opened->db);
    if (!version) return Fail(version.error());
    std::printf("database %s is at schema version %d\n", store::RedactUrl(p.config.db).c_str(), *version);
    return 0;
}

int AuditVerify(const Parsed& p) {
    if (int rc = NoExtraOptions(p)) return rc;
    auto db = OpenAndMigrate(p.config);
    if (!db) return Fail(db.error());
    auto v = store::VerifyAuditTrail(**db, store::AuditDigest(store::DigestAlgorithm::kSha256));
    if (!v) return Fail(v.error());
    if (v->first_break) {
        std::printf("audit: entry %lld is bad: %s (%lld entries before it are intact)\n",
                    static_cast<long long>(v->first_break->entry_id), v->first_break->reason.c_str(),
                    static_cast<long long>(v->entries_checked));
        return 1;
    }
    std::printf("audit: %lld entries, chain intact\n", static_cast<long long>(v->entries_checked));
    return 0;
}

}  // namespace xinqiao::cli
