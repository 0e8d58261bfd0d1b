// `xinqiao keygen` and `xinqiao admin rotate-key`.
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
#include "store/crypto/digest.hpp"

namespace xinqiao::cli {
namespace {

core::Result<store::CipherAlgorithm> ParseAlgorithm(const std::string& value) {
    if (value == "aes-256-gcm") return store::CipherAlgorithm::kAes256Gcm;
    if (value == "sm4-ctr-hmac-sm3") return store::CipherAlgorithm::kSm4CtrHmacSm3;
    return core::Error::InvalidArgument("--algorithm must be aes-256-gcm or sm4-ctr-hmac-sm3");
}

}  // namespace

// Adds a key, then moves every sealed value to it in batches while servers keep running: they
// pick up the new key file within a second (store/crypto/keyring.hpp), and a second pass after
// that catches values they sealed with the old key in the meantime.
int RotateKey(const Parsed& p) {
    std::optional<store::CipherAlgorithm> algorithm;
    int batch_size = 500;
    for (const auto& [key, value] : p.rest) {
        if (key == "algorithm") {
            auto a = ParseAlgorithm(value);
            if (!a) return Fail(a.error(), 2);
            algorithm = *a;
        } else if (key == "batch_size") {
            const auto n = core::ParseInt64(value);
            if (!n || *n < 1 || *n > 100000) return Fail(core::Error::InvalidArgument("--batch-size must be 1 to 100000"), 2);
            batch_size = static_cast<int>(*n);
        } else {
            std::fprintf(stderr, "xinqiao: unknown option --%s\n", key.c_str());
            return 2;
        }
    }
    const auto started = std::chrono::steady_clock::now();
    auto ctx = OpenAdmin(p.config);
    if (!ctx) return Fail(ctx.error());
    auto& keyring = (*ctx)->keyring;
    const auto new_id = store::Keyring::RotateFile(p.config.key_file, algorithm.value_or(keyring.active_algorithm()));
    if (!new_id) return Fail(new_id.error());
    if (auto r = keyring.Reload(); !r) return Fail(r.error());
    const auto audit = [&](const std::string& action) {
        return (*ctx)->data->Write([&](core::ports::Repositories& r) {
            return service::AppendAudit(r, (*ctx)->clock, kOperator, action, {"keyring", std::to_string(*new_id), "/"});
        });
    };
    if (auto r = audit("keyring.rotate"); !r) return Fail(r.error());
    std::fprintf(stderr, "rotate-key: key %d (%s) is active; re-encrypting in batches of %d\n", *new_id,
                 std::string(store::CipherAlgorithmName(keyring.active_algorithm())).c_str(), batch_size);

    store::RekeyFigures total;
    for (int pass = 1; pass <= 5; ++pass) {
        if (pass > 1) std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // servers reload within 1 s
        auto figures = store::ReencryptAll(*(*ctx)->db, keyring, batch_size, [&](const store::RekeyFigures& f) {
            if (f.batches % 200 == 0) {
                std::fprintf(stderr, "rotate-key: pass %d, %lld values so far\n", pass,
                             static_cast<long long>(total.reencrypted + f.reencrypted));
            }
        });
        if (!figures) return Fail(figures.error());
        total.reencrypted += figures->reencrypted;
        total.batches += figures->batches;
        total.remaining = figures->remaining;
        if (pass > 1 && figures->remaining == 0) break;
    }
    if (auto r = audit("keyring.reencrypt"); !r) return Fail(r.error());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("rotate-key: key %d active; %lld values re-encrypted in %lld batches, %.1f s; %lld under older keys\n",
                *new_id, static_cast<long long>(total.reencrypted), static_cast<long long>(total.batches), seconds,
                static_cast<long long>(total.remaining));
    return total.remaining == 0 ? 0 : 1;
}

int Keygen(const Parsed& p) {
    auto algorithm = store::CipherAlgorithm::kAes256Gcm;
    bool if_missing = false;
    for (const auto& [key, value] : p.rest) {
        if (key == "if_missing") {
            if_missing = true;
        } else if (key == "algorithm") {
            auto a = ParseAlgorithm(value);
            if (!a) return Fail(a.error(), 2);
            algorithm = *a;
        } else {
            std::fprintf(stderr, "xinqiao: unknown option --%s\n", key.c_str());
            return 2;
        }
    }
    const auto made = store::Keyring::CreateFile(p.config.key_file, algorithm);
    if (!made) {
        if (if_missing && made.error().code == core::ErrorCode::kAlreadyExists) return 0;
        return Fail(made.error());
    }
    std::printf("keygen: wrote a new %s key to %s (mode 0600); back it up apart from the database\n",
                std::string(store::CipherAlgorithmName(algorithm)).c_str(), p.config.key_file.c_str());
    return 0;
}

}  // namespace xinqiao::cli
