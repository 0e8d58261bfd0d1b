#pragma once
// PostgreSQL driver over libpq: a pool of connections opened lazily, statements prepared once
// per connection and kept, a broken connection reset before reuse.

#include <memory>

#include "store/database.hpp"

namespace xinqiao::store {

Result<std::unique_ptr<Database>> OpenPostgres(const DatabaseSettings& settings);

}  // namespace xinqiao::store
