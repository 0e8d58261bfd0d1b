#include "store/instrument_files.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

#include "core/screening/risk.hpp"
#include "core/screening/scoring.hpp"
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

std::vector<Instrument> Shipped() { return testing::ShippedInstruments(); }
const Instrument* ById(const std::vector<Instrument>& all, const std::string& id) { return testing::InstrumentById(all, id); }

TEST(InstrumentFiles, EveryReferenceInstrumentIsShipped) {
    const auto all = Shipped();
    std::set<std::string> shipped, reference;
    for (const auto& i : all) shipped.insert(i.id);
    for (const auto& entry : std::filesystem::directory_iterator(kReference)) {
        if (entry.path().extension() != ".json") continue;
        reference.insert(std::string(boost::json::parse(ReadFile(entry.path())).at("id").as_string()));
    }
    EXPECT_EQ(shipped, reference);
    EXPECT_GE(shipped.size(), 8u);
}

// Item wording is never invented: an instrument without a verified Chinese text has no Chinese
// item text at all (it is offered in English and marked 中文版待核验).
TEST(InstrumentFiles, OnlyVerifiedInstrumentsCarryChineseItemTexts) {
    for (const auto& in : Shipped()) {
        for (const auto& item : in.items) {
            if (in.zh_verified) {
                EXPECT_TRUE(item.text.zh.has_value()) << in.id << " item " << item.n;
            } else {
                EXPECT_FALSE(item.text.zh.has_value()) << in.id << " item " << item.n;
            }
        }
    }
    const auto all = Shipped();
    EXPECT_TRUE(ById(all, "phq9")->zh_verified);
    EXPECT_FALSE(ById(all, "k10")->zh_verified);
}

TEST(InstrumentFiles, ScoringRefusesAnswersThatDoNotFit) {
    const auto all = Shipped();
    const Instrument& phq9 = *ById(all, "phq9");
    EXPECT_EQ(Score(phq9, Answers(9, 0)).error().field, "answers");
    Answers out_of_range(10, 0);
    out_of_range[3] = 4;
    EXPECT_EQ(Score(phq9, out_of_range).error().field, "answers/4");
    Answers blank(10, 0);
    blank[0] = std::nullopt;
    EXPECT_EQ(Score(phq9, blank).error().field, "answers/1");
    const Instrument& asq = *ById(all, "asq");
    // Item 5 is asked only after a "yes" (or a refusal) on items 1-4.
    EXPECT_EQ(Score(asq, {0, 0, 0, 0, 1}).error().field, "answers/5");
    EXPECT_TRUE(Score(asq, {1, 0, 0, 0, std::nullopt}));
}

TEST(InstrumentFiles, ABadDefinitionIsReportedWithItsJsonPath) {
    auto text = ReadFile(std::filesystem::path(kShipped) / "phq9.json");
    EXPECT_EQ(ParseInstrument("{").error().field, "");
    auto v = boost::json::parse(text).as_object();
    v["items"].as_array()[8].as_object()["critical"].as_object()["level"] = "V";
    EXPECT_EQ(ParseInstrument(boost::json::serialize(v)).error().field, "/items/8/critical/level");

    v = boost::json::parse(text).as_object();
    v["scoring"].as_object()["bands"].as_array()[1].as_object()["min"] = 6;  // a gap at 5
    EXPECT_EQ(ParseInstrument(boost::json::serialize(v)).error().field, "/scoring/bands");

    v = boost::json::parse(text).as_object();
    v["items"].as_array()[2].as_object()["n"] = 7;
    EXPECT_EQ(ParseInstrument(boost::json::serialize(v)).error().field, "/items/2/n");

    v = boost::json::parse(text).as_object();
    v["license"].as_object()["ship_ok"] = false;
    EXPECT_EQ(ParseInstrument(boost::json::serialize(v)).error().field, "/license/ship_ok");

    // In a directory, the file is named too, and one id may not be used twice.
    const auto dir = std::filesystem::temp_directory_path() / ("xq-instruments-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "a.json") << text;
    std::ofstream(dir / "b.json") << text;
    const auto twice = LoadInstruments(dir.string());
    ASSERT_FALSE(twice);
    EXPECT_NE(twice.error().message.find("b.json"), std::string::npos) << twice.error().message;
    std::ofstream(dir / "b.json", std::ios::trunc) << "[]";
    EXPECT_NE(LoadInstruments(dir.string()).error().message.find("b.json: must be a JSON object"), std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST(RiskRuleFiles, TheDefaultLoadsAndABadRuleIsReportedWithItsPath) {
    const auto all = Shipped();
    auto rules = LoadRiskRules(XINQIAO_RISK_RULES, all);
    ASSERT_TRUE(rules) << rules.error().message;
    EXPECT_TRUE(rules->count("default"));
    const std::string base = R"({"format":1,"name":"某县")";
    EXPECT_EQ(ParseRiskRules(base + R"(,"critical_levels":{"phq9":{"9":"III"}}})", all).error().field,
              "/critical_levels/phq9/9");
    EXPECT_EQ(ParseRiskRules(base + R"(,"critical_levels":{"phq9":{"3":"I"}}})", all).error().field,
              "/critical_levels/phq9/3");
    EXPECT_EQ(ParseRiskRules(base + R"(,"band_levels":{"phq9":{"awful":"I"}}})", all).error().field,
              "/band_levels/phq9/awful");
    EXPECT_EQ(ParseRiskRules(base + R"(,"band_levels":{"xyz":{}}})", all).error().field, "/band_levels/xyz");
    EXPECT_EQ(ParseRiskRules(base + R"(,"special_situations":[{"any":["rich"],"from":"III","to":"II"}]})", all).error().field,
              "/special_situations/0/any/0");
    auto stricter = ParseRiskRules(base + R"(,"critical_levels":{"phq9":{"9":"I"}},"band_levels":{"phq9":{"moderate":"II"}}})", all);
    ASSERT_TRUE(stricter) << stricter.error().message;
    EXPECT_EQ(stricter->critical_levels.at("phq9").at(9), core::screening::Level::kI);

    const auto dir = std::filesystem::temp_directory_path() / ("xq-rules-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "county-7.json") << base << "}";
    const auto missing = LoadRiskRules(dir.string(), all);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("no default.json"), std::string::npos);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace xinqiao::store
