#include "http/static_site.hpp"

#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/common/text.hpp"

namespace xinqiao::http {
namespace {

namespace fs = std::filesystem;

std::string ContentType(const fs::path& p) {
    static const std::map<std::string, std::string> kTypes = {
        {".html", "text/html; charset=utf-8"},     {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},             {".svg", "image/svg+xml"},
        {".png", "image/png"},                     {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},                  {".woff2", "font/woff2"},
        {".woff", "font/woff"},                    {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"}, {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {".csv", "text/csv; charset=utf-8"},       {".map", "application/json"},
    };
    const auto it = kTypes.find(p.extension().string());
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool Compressible(const std::string& content_type) {
    return content_type.starts_with("text/") || content_type.starts_with("application/json") ||
           content_type.starts_with("image/svg") || content_type.starts_with("application/manifest");
}

// gzip (RFC 1952) at the best level: done once per file at start.
std::string Gzip(const std::string& data) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return rc == Z_STREAM_END ? out : std::string();
}

// A strong validator from the content: 64-bit FNV-1a, in hex, quoted.
std::string Etag(const std::string& data) {
    std::uint64_t h = 1469598103934665603ull;
    for (const char c : data) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    char buf[40];
    std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
    return buf;
}

// True if Accept-Encoding lists gzip (or *) with a weight above zero.
bool AcceptsGzip(const std::string& accept_encoding) {
    for (std::string_view item : core::Split(accept_encoding, ',')) {
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        const auto semi = item.find(';');
        std::string_view coding = item.substr(0, semi);
        while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
        if (coding != "gzip" && coding != "*") continue;
        if (semi == std::string_view::npos) return true;
        const auto q = item.find("q=", semi);
        if (q == std::string_view::npos) return true;
        return std::strtod(std::string(item.substr(q + 2)).c_str(), nullptr) > 0;
    }
    return false;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& SecurityHeaders() {
    static const std::vector<std::pair<std::string, std::string>> kHeaders = {
        {"Content-Security-Policy",
         "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
         "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
         "frame-ancestors 'none'"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
        {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"},
    };
    return kHeaders;
}

core::Result<std::shared_ptr<const StaticSite>> StaticSite::Load(const std::string& root, std::size_t max_bytes) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return core::Error::NotFound("no web app at " + root);
    auto site = std::make_shared<StaticSite>();
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (it->is_directory()) continue;
        if (!it->is_regular_file() || it->is_symlink()) {
            return core::Error::InvalidArgument("the web app holds something that is not a plain file: " +
                                                it->path().string());
        }
        std::ifstream in(it->path(), std::ios::binary);
        if (!in) return core::Error::InvalidArgument("cannot read " + it->path().string());
        File f;
        f.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        site->total_bytes_ += f.body.size();
        if (site->total_bytes_ > max_bytes) return core::Error::InvalidArgument("the web app at " + root + " is too large");
        const fs::path relative = fs::relative(it->path(), root);
        const std::string url = "/" + relative.generic_string();
        f.content_type = ContentType(relative);
        f.immutable = url.starts_with("/assets/");
        f.etag = Etag(f.body);
        if (Compressible(f.content_type) && f.body.size() >= 512) {
            std::string z = Gzip(f.body);
            if (!z.empty() && z.size() + 64 < f.body.size()) f.gzipped = std::move(z);
        }
        site->files_.emplace(url, std::move(f));
    }
    if (ec) return core::Error::InvalidArgument("cannot list " + root + ": " + ec.message());
    return std::shared_ptr<const StaticSite>(std::move(site));
}

std::optional<Response> StaticSite::Serve(const std::string& path, const std::string& accept_encoding,
                                          const std::string& if_none_match) const {
    if (path.find("..") != std::string::npos || path.find('\0') != std::string::npos) return std::nullopt;
    std::string key = path == "/" ? "/index.html" : path;
    auto it = files_.find(key);
    if (it == files_.end()) {
        // An app route: no dot in its last segment, and not something the server answers itself.
        const std::string last = path.substr(path.rfind('/') + 1);
        if (last.find('.') != std::string::npos || path.starts_with("/assets/")) return std::nullopt;
        key = path == "/student" || path.starts_with("/student/") ? "/student.html" : "/index.html";
        it = files_.find(key);
        if (it == files_.end()) return std::nullopt;
    }
    const File& f = it->second;
    Response r;
    r.content_type = f.content_type;
    r.headers.emplace_back("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
    r.headers.emplace_back("ETag", f.etag);
    r.headers.emplace_back("Vary", "Accept-Encoding");
    if (!f.immutable && if_none_match == f.etag) {
        r.status = 304;
        return r;
    }
    if (!f.gzipped.empty() && AcceptsGzip(accept_encoding)) {
        r.body = f.gzipped;
        r.headers.emplace_back("Content-Encoding", "gzip");
    } else {
        r.body = f.body;
    }
    return r;
}

}  // namespace xinqiao::http
