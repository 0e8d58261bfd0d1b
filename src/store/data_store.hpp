#pragma once
// The ports::DataStore the services use, over a Database, and the demo region writer.

#include <functional>
#include <memory>

#include "core/demo/region_generator.hpp"
#include "core/ports/data_store.hpp"
#include "store/crypto/digest.hpp"
#include "store/crypto/keyring.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

class SqlDataStore final : public core::ports::DataStore {
public:
    // `db` and `keyring` must outlive this store. `audit_digest` seals the audit chain.
    SqlDataStore(Database& db, const Keyring& keyring, DigestAlgorithm audit_digest = DigestAlgorithm::kSha256)
        : db_(db), keyring_(keyring), digest_(AuditDigest(audit_digest)) {}

    Status Read(const std::function<Status(core::ports::Repositories&)>& work) override;
    Status Write(const std::function<Status(core::ports::Repositories&)>& work) override;
    Status Ping() override { return db_.Ping(); }
    core::ports::PoolFigures Figures() override { return db_.Figures(); }

private:
    Database& db_;
    const Keyring& keyring_;
    core::audit::DigestFn digest_;
};

// True if the database holds no org units (a fresh install).
Result<bool> IsEmpty(Database& db);

// The first unit of each kind in the demo region, for the demo accounts' grants.
struct DemoAnchors {
    core::org::OrgUnitId city = 0, county = 0, school = 0, grade = 0, klass = 0, hospital = 0, hotline = 0;
};
// kNotFound if the database holds no demo region.
Result<DemoAnchors> FindDemoAnchors(Database& db);

// Generates the demo region into `db` in one transaction. kFailedPrecondition if the
// database already holds org units.
Result<core::demo::DemoSummary> LoadDemoRegion(Database& db, const Keyring& keyring,
                                               const core::demo::DemoSettings& settings);

// Seals any ID number or phone still held in plaintext (databases from before migration 4) and
// empties the plaintext columns. Returns how many values it sealed. Runs once per database:
// once it has finished it is recorded in maintenance_done and later calls return 0 at once.
Result<std::int64_t> EncryptLegacyPlaintext(Database& db, const Keyring& keyring);

// Writes the search terms of every student stored before they were kept (migration 16), 2,000
// students per transaction. Returns how many students it indexed. Runs once per database, like
// EncryptLegacyPlaintext(); students written since the migration have theirs already.
Result<std::int64_t> IndexStudentSearchTerms(Database& db);

struct RekeyFigures {
    std::int64_t reencrypted = 0;  // values moved to the active key
    std::int64_t batches = 0;
    std::int64_t remaining = 0;    // values still under another key after the pass
};

// Moves every sealed value (store/sealed_columns.hpp) that is not under the keyring's active key
// to it, `batch_size` rows per transaction so a running server keeps serving in between.
// `progress` (optional) is called after each batch. Values the server rewrites meanwhile are
// left alone; a value written under an old key by a server that has not yet reloaded its key
// file shows in `remaining`, and a second pass moves it.
Result<RekeyFigures> ReencryptAll(Database& db, const Keyring& keyring, int batch_size,
                                  const std::function<void(const RekeyFigures&)>& progress = {});

}  // namespace xinqiao::store
