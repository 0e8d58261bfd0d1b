#include "store/zlib_inflater.hpp"

#include <zlib.h>

#include <climits>

namespace xinqiao::store {

core::Result<std::string> ZlibInflater::Inflate(std::string_view deflated, std::size_t max_output) {
    const auto bad = [] {
        return core::Error::InvalidArgument("the workbook is damaged (a part does not unpack)", "file");
    };
    if (deflated.size() > UINT_MAX) return bad();
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return core::Error::Internal("cannot start decompression");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(deflated.data()));
    z.avail_in = static_cast<uInt>(deflated.size());
    std::string out;
    char chunk[64 * 1024];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        z.next_out = reinterpret_cast<Bytef*>(chunk);
        z.avail_out = sizeof chunk;
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) break;
        const std::size_t produced = sizeof chunk - z.avail_out;
        if (out.size() + produced > max_output) {
            inflateEnd(&z);
            return core::Error::InvalidArgument("the workbook is too large once unpacked; split it into several files",
                                                "file");
        }
        out.append(chunk, produced);
        if (rc == Z_OK && produced == 0 && z.avail_in == 0) break;  // truncated input
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) return bad();
    return out;
}

std::string DeflateRaw(std::string_view data) {
    z_stream z{};
    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

}  // namespace xinqiao::store
