// `xinqiao import students|staff FILE`: rosters and staff lists from the command line.
#include <sys/stat.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "cli/command_support.hpp"
#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "core/ports/clock.hpp"
#include "service/roster_service.hpp"
#include "store/crypto/password.hpp"
#include "store/data_store.hpp"
#include "store/iconv_decoder.hpp"
#include "store/zlib_inflater.hpp"

namespace xinqiao::cli {
namespace {

// The command-line operator: an administrator over the whole tree (see principal.hpp).
service::Principal OperatorPrincipal() {
    service::Principal p;
    p.login = "operator";
    p.grants = {{core::auth::Role::kAdmin, 0, "/"}};
    p.request_id = "cli";
    return p;
}

void PrintProblems(const std::vector<core::roster::ImportProblem>& problems) {
    for (const auto& pr : problems) {
        std::printf("  line %d%s%s: %s\n", pr.line, pr.column.empty() ? "" : ", ", pr.column.c_str(), pr.reason.c_str());
    }
}

}  // namespace

int Import(const std::string& kind, const std::string& file, const Parsed& p) {
    const std::string unit_option = kind == "students" ? "school" : "unit";
    core::org::OrgUnitId unit = 0;
    bool dry_run = false;
    for (const auto& [key, value] : p.rest) {
        if (key == unit_option) {
            unit = core::ParseInt64(value).value_or(0);
        } else if (key == "dry_run") {
            dry_run = true;
        } else {
            std::fprintf(stderr, "xinqiao: unknown option --%s\n", key.c_str());
            return 2;
        }
    }
    if (unit <= 0) {
        return Fail(core::Error::InvalidArgument("--" + unit_option + " must be the id of the " +
                                                 (kind == "students" ? "school" : "unit to import into")),
                    2);
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return Fail(core::Error::InvalidArgument("cannot read " + file), 2);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto opened = OpenWithKeys(p.config);
    if (!opened) return Fail(opened.error());
    store::SqlDataStore data(*opened->db, opened->keyring);
    SystemClock clock;
    store::IconvDecoder decoder;
    store::ZlibInflater inflater;
    store::OpenSslRandom random;
    service::RosterService roster(data, clock, decoder, inflater, random);
    const auto start = std::chrono::steady_clock::now();
    const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    const char* dry = dry_run ? " (dry run, nothing written)" : "";
    if (kind == "students") {
        auto report = roster.ImportStudents(OperatorPrincipal(), unit, bytes, dry_run);
        if (!report) return Fail(report.error());
        std::printf("import%s: %d rows: %d new, %d updated, %d unchanged, %d guardians added, %zu with problems, %.1f s\n",
                    dry, report->data_rows, report->created, report->updated, report->unchanged,
                    report->guardians_added, report->problems.size(), seconds());
        PrintProblems(report->problems);
        return report->problems.empty() ? 0 : 1;
    }
    auto report = roster.ImportStaff(OperatorPrincipal(), unit, bytes, dry_run);
    if (!report) return Fail(report.error());
    std::printf("import%s: %d rows: %d new accounts, %d updated, %d unchanged, %d roles granted, %zu with problems, %.1f s\n",
                dry, report->data_rows, report->created, report->updated, report->unchanged, report->grants_added,
                report->problems.size(), seconds());
    PrintProblems(report->problems);
    if (!report->activations.empty()) {
        // The only time these codes are shown: hand each person theirs.
        std::printf("activation codes (each works once, until the date shown; sign in at 激活账号 with 工号 and code):\n");
        for (const auto& a : report->activations) {
            std::printf("  %s\t%s\t%s\t%s\n", a.login.c_str(), a.name.c_str(), a.code.c_str(),
                        core::FormatRfc3339Millis(a.expires_ms).substr(0, 10).c_str());
        }
    }
    return report->problems.empty() ? 0 : 1;
}

}  // namespace xinqiao::cli
