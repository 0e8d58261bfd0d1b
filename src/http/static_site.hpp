#pragma once
// The built web app (web/dist): every file read into memory at start, gzip-compressed once
// when that helps, and served with the caching its name allows. Vite names the files under
// assets/ by their content hash, so they are cached for a year and never revalidated; the
// HTML entries are revalidated every time (ETag), so a new build reaches users at once.
//
// Paths that name no file and look like an app route (no dot in the last segment) get the
// entry page: /student/... the light student entry (student.html), anything else the staff
// workbench (index.html), so a reload or a bookmark of a deep link works.

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/common/result.hpp"
#include "http/message.hpp"

namespace xinqiao::http {

class StaticSite {
public:
    // Reads every regular file under `root`. kNotFound if `root` is not a directory;
    // kInvalidArgument if it holds more than `max_bytes` or a file that is not plain.
    static core::Result<std::shared_ptr<const StaticSite>> Load(const std::string& root,
                                                                std::size_t max_bytes = 64u << 20);

    // The answer to a GET of `req.path`, or nullopt if the site has nothing for it.
    // `accept_encoding` and `if_none_match` are the request's headers ("" if absent).
    std::optional<Response> Serve(const std::string& path, const std::string& accept_encoding,
                                  const std::string& if_none_match) const;

    std::size_t file_count() const { return files_.size(); }
    std::size_t total_bytes() const { return total_bytes_; }

private:
    struct File {
        std::string content_type;
        std::string body;
        std::string gzipped;  // empty when compression does not pay
        std::string etag;
        bool immutable = false;
    };
    std::map<std::string, File> files_;  // by URL path, "/index.html"
    std::size_t total_bytes_ = 0;
};

// The headers every answer carries: a strict Content-Security-Policy (nothing from outside, no
// inline scripts), no framing, no referrer, no MIME sniffing.
const std::vector<std::pair<std::string, std::string>>& SecurityHeaders();

}  // namespace xinqiao::http
