// Helpers the subcommands share: opening the database with its keys, the operator, errors.
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
#include "service/audit_writer.hpp"
#include "service/auth_service.hpp"
#include "service/instrument_library.hpp"
#include "store/data_store.hpp"
#include "store/crypto/password.hpp"
#include "store/migrations/migrations.hpp"
#include "store/instrument_files.hpp"

namespace xinqiao::cli {

store::Argon2Settings HasherSettings(const Config& c) {
    store::Argon2Settings s;
    s.memory_kib = c.argon2_memory_kib;
    s.iterations = c.argon2_iterations;
    return s;
}

int Fail(const core::Error& e, int code) {
    std::fprintf(stderr, "xinqiao: %s\n", e.message.c_str());
    return code;
}

core::Result<std::unique_ptr<store::Database>> OpenAndMigrate(const Config& c) {
    store::DatabaseSettings ds;
    ds.url = c.db;
    ds.pool_size = c.db_pool;
    XINQIAO_ASSIGN_OR_RETURN(auto db, store::OpenDatabase(ds));
    XINQIAO_RETURN_IF_ERROR(store::Migrate(*db));
    XINQIAO_ASSIGN_OR_RETURN(const auto indexed, store::IndexStudentSearchTerms(*db));
    if (indexed > 0) {
        std::fprintf(stderr, "{\"level\":\"info\",\"msg\":\"indexed students for search\",\"count\":%lld}\n",
                     static_cast<long long>(indexed));
    }
    return db;
}



core::Result<Opened> OpenWithKeys(const Config& c) {
    Opened o;
    XINQIAO_ASSIGN_OR_RETURN(o.keyring, store::Keyring::LoadFile(c.key_file));
    XINQIAO_ASSIGN_OR_RETURN(o.db, OpenAndMigrate(c));
    XINQIAO_ASSIGN_OR_RETURN(const auto sealed, store::EncryptLegacyPlaintext(*o.db, o.keyring));
    if (sealed > 0) {
        std::fprintf(stderr, "{\"level\":\"info\",\"msg\":\"sealed plaintext values\",\"count\":%lld}\n",
                     static_cast<long long>(sealed));
    }
    return o;
}

core::Date Today() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    return core::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

// The instruments and the risk rules, as `serve` and `score` use them. A file that does not load
// is named with the JSON path of the problem.
core::Result<std::unique_ptr<service::InstrumentLibrary>> LoadLibrary(const Config& c) {
    XINQIAO_ASSIGN_OR_RETURN(auto instruments, store::LoadInstruments(c.instruments));
    XINQIAO_ASSIGN_OR_RETURN(auto rules, store::LoadRiskRules(c.risk_rules, instruments));
    return std::make_unique<service::InstrumentLibrary>(std::move(instruments), std::move(rules));
}

int NoExtraOptions(const Parsed& p) {
    if (p.rest.empty()) return 0;
    std::fprintf(stderr, "xinqiao: unknown option --%s\n", p.rest.front().first.c_str());
    return 2;
}

const service::Actor kOperator{std::nullopt, "operator", "cli"};


core::Result<std::unique_ptr<AdminContext>> OpenAdmin(const Config& c) {
    auto ctx = std::make_unique<AdminContext>(c);
    XINQIAO_ASSIGN_OR_RETURN(auto opened, OpenWithKeys(c));
    ctx->keyring = std::move(opened.keyring);
    ctx->db = std::move(opened.db);
    ctx->data = std::make_unique<store::SqlDataStore>(*ctx->db, ctx->keyring);
    ctx->auth = std::make_unique<service::AuthService>(*ctx->data, ctx->clock, ctx->hasher, ctx->random, ctx->totp);
    return ctx;
}

}  // namespace xinqiao::cli
