#include "store/iconv_decoder.hpp"

#include <iconv.h>

#include <cerrno>

#include "core/common/text.hpp"

namespace xinqiao::store {

core::Result<std::string> IconvDecoder::ToUtf8(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF") || core::IsValidUtf8(bytes)) return std::string(bytes);
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return core::Error::Internal("GB18030 decoding is not available");
    std::string out(bytes.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* dst = out.data();
    std::size_t out_left = out.size();
    bool ok = true;
    while (in_left > 0) {
        if (iconv(cd, &in, &in_left, &dst, &out_left) == static_cast<std::size_t>(-1)) {
            if (errno == E2BIG) {
                const std::size_t used = static_cast<std::size_t>(dst - out.data());
                out.resize(out.size() * 2);
                dst = out.data() + used;
                out_left = out.size() - used;
                continue;
            }
            ok = false;
            break;
        }
    }
    iconv_close(cd);
    if (!ok) return core::Error::InvalidArgument("the file is neither UTF-8 nor GBK text", "file");
    out.resize(static_cast<std::size_t>(dst - out.data()));
    return out;
}

}  // namespace xinqiao::store
