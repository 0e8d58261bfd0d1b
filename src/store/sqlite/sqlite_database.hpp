#pragma once
// SQLite driver. One writer connection (writes are serialized, BEGIN IMMEDIATE) and a pool of
// reader connections (WAL lets them read while the writer writes). Every connection keeps a
// cache of prepared statements keyed by SQL text. PRAGMAs: journal_mode=WAL,
// synchronous=FULL (a commit that returned survives power loss), foreign_keys=ON,
// busy_timeout from the settings.

#include <memory>
#include <string>

#include "store/database.hpp"

namespace xinqiao::store {

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const DatabaseSettings& settings);

}  // namespace xinqiao::store
