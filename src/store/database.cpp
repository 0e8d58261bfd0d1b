#include "store/database.hpp"

#include "core/common/text.hpp"
#include "store/postgres/postgres_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace xinqiao::store {

Value OptionalInt(const std::optional<std::int64_t>& v) { return v ? Value(*v) : Value(nullptr); }

Status Database::Ping() {
    return Transact(TxMode::kRead, [](Session& s) -> Status {
        XINQIAO_RETURN_IF_ERROR(s.Query("SELECT 1"));
        return core::Ok();
    });
}

Result<std::unique_ptr<Database>> OpenDatabase(const DatabaseSettings& settings) {
    const std::string_view url = settings.url;
    if (url.starts_with("sqlite:")) {
        const std::string path(url.substr(7));
        if (path.empty()) return core::Error::InvalidArgument("database URL sqlite: needs a file path", "db");
        return OpenSqlite(path, settings);
    }
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return OpenPostgres(settings);
    }
    return core::Error::InvalidArgument("database URL must start with sqlite: or postgresql://", "db");
}

std::string RedactUrl(std::string_view url) {
    std::string out(url);
    // user:password@ in the authority
    if (const auto scheme = out.find("://"); scheme != std::string::npos) {
        const auto at = out.find('@', scheme + 3);
        const auto colon = out.find(':', scheme + 3);
        if (at != std::string::npos && colon != std::string::npos && colon < at) {
            out = out.substr(0, colon + 1) + "***" + out.substr(at);
        }
    }
    // password=... in the query string
    for (std::size_t pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos + 1)) {
        const auto start = pos + 9;
        const auto end = out.find('&', start);
        out = out.substr(0, start) + "***" + (end == std::string::npos ? "" : out.substr(end));
    }
    return out;
}

}  // namespace xinqiao::store
