#pragma once
// What the subcommands of `xinqiao` share (internal to src/cli): opening the database with its
// keys, the operator's identity, error printing, and each command's entry point. One file per
// command: serve_command.cpp, database_commands.cpp (migrate, audit verify), admin_commands.cpp,
// key_commands.cpp (keygen, admin rotate-key), import_command.cpp, score_command.cpp,
// demo_command.cpp; commands.cpp parses the command line and dispatches.

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/config.hpp"
#include "core/common/date.hpp"
#include "service/audit_writer.hpp"
#include "service/auth_service.hpp"
#include "service/instrument_library.hpp"
#include "store/crypto/keyring.hpp"
#include "store/crypto/password.hpp"
#include "store/crypto/totp.hpp"
#include "store/data_store.hpp"
#include "store/database.hpp"
#include "store/system_clock.hpp"

namespace xinqiao::cli {

using store::SystemClock;

store::Argon2Settings HasherSettings(const Config& c);
// Prints the error and returns `code`, the exit code.
int Fail(const core::Error& e, int code = 1);
core::Result<std::unique_ptr<store::Database>> OpenAndMigrate(const Config& c);

// The database, migrated, with the keyring that seals its sensitive values. Start-up stops
// here on a missing or world-readable key file.
struct Opened {
    store::Keyring keyring;
    std::unique_ptr<store::Database> db;
};
core::Result<Opened> OpenWithKeys(const Config& c);

// Today in the machine's time zone.
core::Date Today();
// The instruments and the risk rules, as `serve` and `score` use them. A file that does not load
// is named with the JSON path of the problem.
core::Result<std::unique_ptr<service::InstrumentLibrary>> LoadLibrary(const Config& c);
// 0, or 2 after naming the first option the command does not take.
int NoExtraOptions(const Parsed& p);

// The operator at the command line, for the audit trail.
extern const service::Actor kOperator;

// An administrator's session at the command line: the database, its keys, the account services.
struct AdminContext {
    explicit AdminContext(const Config& c) : hasher(HasherSettings(c)) {}
    store::Keyring keyring;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<store::SqlDataStore> data;
    SystemClock clock;
    store::Argon2idHasher hasher;
    store::OpenSslRandom random;
    store::Totp totp;
    std::unique_ptr<service::AuthService> auth;
};
core::Result<std::unique_ptr<AdminContext>> OpenAdmin(const Config& c);

// The commands; each returns the process exit code (0, 1 failure at run time, 2 usage).
int Serve(const Parsed& p);
int Migrate(const Parsed& p);
int AuditVerify(const Parsed& p);
int Admin(const std::string& sub, const Parsed& p);
int RotateKey(const Parsed& p);
int Keygen(const Parsed& p);
// `import students FILE --school ID` and `import staff FILE --unit ID`, with --dry-run.
int Import(const std::string& kind, const std::string& file, const Parsed& p);
// xinqiao score phq9 0 1 2 ... : one response, scored with the shipped definition.
int ScoreCommand(const std::vector<std::string>& words, const Parsed& p);
int Demo(const Parsed& p);

}  // namespace xinqiao::cli
