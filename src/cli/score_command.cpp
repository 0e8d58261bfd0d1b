// `xinqiao score INSTRUMENT ANSWER...`: one response scored offline, printed as JSON.
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

#include "http/json_codec.hpp"
#include "core/common/text.hpp"
#include "core/common/time.hpp"
#include "core/ports/clock.hpp"
#include "service/instrument_library.hpp"

namespace xinqiao::cli {
int ScoreCommand(const std::vector<std::string>& words, const Parsed& p) {
    if (int bad = NoExtraOptions(p)) return bad;
    if (words.empty()) {
        std::fprintf(stderr, "xinqiao: usage: xinqiao score INSTRUMENT ANSWER... (- for an item not answered)\n");
        return 2;
    }
    auto loaded = LoadLibrary(p.config);
    if (!loaded) return Fail(loaded.error());
    const service::InstrumentLibrary& library = **loaded;
    const auto* instrument = library.Find(words[0]);
    if (!instrument) {
        std::string known;
        for (const auto& i : library.All()) known += (known.empty() ? "" : ", ") + i.id;
        return Fail(core::Error::NotFound("no instrument " + words[0] + " (known: " + known + ")"), 2);
    }
    core::screening::Answers answers;
    for (std::size_t i = 1; i < words.size(); ++i) {
        if (words[i] == "-") {
            answers.push_back(std::nullopt);
            continue;
        }
        const auto v = core::ParseInt64(words[i]);
        if (!v || *v < -1000 || *v > 1000) {
            return Fail(core::Error::InvalidArgument("answer " + std::to_string(i) + " is not a whole number or -"), 2);
        }
        answers.push_back(static_cast<int>(*v));
    }
    auto scored = library.Score(words[0], answers);
    if (!scored) return Fail(scored.error(), 2);
    std::printf("%s\n",
                boost::json::serialize(http::ToJson(*instrument, *scored, library.AssessAlone(*instrument, *scored))).c_str());
    return 0;
}

}  // namespace xinqiao::cli
