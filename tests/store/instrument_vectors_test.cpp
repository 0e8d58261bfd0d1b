// The golden cases: every shipped instrument (instruments/*.json) scored against its test
// vectors, one test per file, so a new instrument is tested by adding its file. The vectors are
// the file's own "test_vectors" and those of the reference definition of the same id in
// ../shared/instruments; an instrument with fewer than three fails. Each vector gives the
// answers and the published total, subscales, band and its default level, critical-item
// alerts, subscale flags, percentage, and the level the default risk rules recommend.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <algorithm>
#include <filesystem>

#include "core/screening/risk.hpp"
#include "core/screening/scoring.hpp"
#include "store/instrument_files.hpp"
#include "support/instrument_files.hpp"

namespace xinqiao::store {
namespace {

using core::screening::Answers;
using core::screening::Instrument;
using core::screening::LevelName;
using core::screening::Score;

const std::string& kShipped = testing::kShippedInstruments;
const std::string& kReference = testing::kReferenceInstruments;
using testing::ReadFile;

// The stems of the shipped instrument files ("phq9"), sorted.
std::vector<std::string> ShippedFiles() {
    std::vector<std::string> stems;
    for (const auto& entry : std::filesystem::directory_iterator(kShipped)) {
        if (entry.path().extension() == ".json") stems.push_back(entry.path().stem().string());
    }
    std::sort(stems.begin(), stems.end());
    return stems;
}

// The test vectors of a definition file, if it has any.
std::vector<boost::json::object> VectorsOf(const std::filesystem::path& file) {
    std::vector<boost::json::object> out;
    if (!std::filesystem::exists(file)) return out;
    const auto doc = boost::json::parse(ReadFile(file)).as_object();
    if (const auto* vectors = doc.if_contains("test_vectors")) {
        for (const auto& v : vectors->as_array()) out.push_back(v.as_object());
    }
    return out;
}

class InstrumentVectors : public ::testing::TestWithParam<std::string> {};

TEST_P(InstrumentVectors, ScoreAsPublished) {
    const auto shipped = testing::ShippedInstruments();
    ASSERT_FALSE(shipped.empty()) << "instruments/ does not load";
    const auto file = std::filesystem::path(kShipped) / (GetParam() + ".json");
    const std::string id(boost::json::parse(ReadFile(file)).at("id").as_string());
    const Instrument* found = testing::InstrumentById(shipped, id);
    ASSERT_NE(found, nullptr) << id;
    const Instrument& in = *found;
    const auto rules = LoadRiskRules(XINQIAO_RISK_RULES, shipped).value();

    auto vectors = VectorsOf(file);
    for (auto& v : VectorsOf(std::filesystem::path(kReference) / (GetParam() + ".json"))) vectors.push_back(std::move(v));
    ASSERT_GE(vectors.size(), 3u) << id << " needs test vectors: add \"test_vectors\" to " << file.string();

    for (const auto& v : vectors) {
        const std::string where = id + " " + boost::json::serialize(v.at("answers"));
        Answers answers;
        for (const auto& a : v.at("answers").as_array()) {
            answers.push_back(a.is_null() ? std::nullopt : std::optional<int>(static_cast<int>(a.as_int64())));
        }
        const auto r = Score(in, answers);
        ASSERT_TRUE(r) << where << ": " << r.error().message;
        EXPECT_EQ(r->total, v.at("total").as_int64()) << where;
        for (const auto& [name, value] : v.at("subscales").as_object()) {
            EXPECT_EQ(r->subscales.at(std::string(name)), value.as_int64()) << where << " " << name;
        }
        ASSERT_NE(r->band, nullptr) << where;
        EXPECT_EQ(r->band->label.en, v.at("band").as_string()) << where;
        EXPECT_EQ(LevelName(r->band->level), v.at("level").as_string()) << where;
        const auto& alerts = v.at("alerts").as_array();
        ASSERT_EQ(r->alerts.size(), alerts.size()) << where;
        for (std::size_t i = 0; i < alerts.size(); ++i) {
            const auto& want = alerts[i].as_object();
            EXPECT_EQ(r->alerts[i].item, want.at("item").as_int64()) << where;
            EXPECT_EQ(r->alerts[i].value.has_value(), !want.at("value").is_null()) << where;
            if (r->alerts[i].value) {
                EXPECT_EQ(*r->alerts[i].value, want.at("value").as_int64()) << where;
            }
            EXPECT_EQ(LevelName(r->alerts[i].level), want.at("level").as_string()) << where;
        }
        std::map<std::string, std::string> flags;
        if (v.contains("subscale_flags")) {
            for (const auto& [name, label] : v.at("subscale_flags").as_object()) flags[std::string(name)] = label.as_string();
        }
        EXPECT_EQ(r->subscale_flags, flags) << where;
        // The recommended level of the reference, under the shipped default rules.
        const auto risk = core::screening::Assess(rules.at("default"), {{&in, *r}}, {});
        EXPECT_EQ(LevelName(risk.level), v.at("risk_level").as_string()) << where;
        if (v.contains("percentage")) {
            ASSERT_TRUE(r->percentage) << where;
            EXPECT_EQ(*r->percentage, v.at("percentage").as_int64()) << where;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Shipped, InstrumentVectors, ::testing::ValuesIn(ShippedFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// ctest runs each case in its own process, so the count is taken from the files.
TEST(InstrumentVectorsTotal, AtLeastFortyVectorsAcrossTheInstruments) {
    std::size_t vectors = 0;
    for (const auto& stem : ShippedFiles()) {
        vectors += VectorsOf(std::filesystem::path(kShipped) / (stem + ".json")).size() +
                   VectorsOf(std::filesystem::path(kReference) / (stem + ".json")).size();
    }
    std::printf("instrument test vectors: %zu\n", vectors);
    EXPECT_GE(vectors, 40u);
}

}  // namespace
}  // namespace xinqiao::store
