#include "api_fixture.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "core/auth/policy.hpp"
#include "core/org/org_unit.hpp"
#include "core/people/student.hpp"
#include "core/warning/signal.hpp"

namespace xinqiao::http {
namespace {

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// The published document and the router must describe the same API, both ways: the router of
// the whole API as api_fixture.hpp wires it.
class OpenApiAndRouter : public ApiTest {};

TEST_F(OpenApiAndRouter, DocumentAndRouterAgree) {
    const auto doc = boost::json::parse(OpenApiDocument()).as_object();
    EXPECT_EQ(std::string(doc.at("openapi").as_string()).substr(0, 2), "3.");

    std::set<std::pair<std::string, std::string>> documented;
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        for (const auto& [method, op] : item.as_object()) {
            if (method == "parameters") continue;
            documented.emplace(Lower(std::string(method)), std::string(path));
            EXPECT_TRUE(op.as_object().contains("responses")) << method << " " << path;
        }
    }
    std::set<std::pair<std::string, std::string>> routed;
    for (const auto& r : api_->router().Routes()) routed.emplace(Lower(r.method), r.pattern);

    for (const auto& r : routed) EXPECT_TRUE(documented.count(r)) << "not documented: " << r.first << " " << r.second;
    for (const auto& d : documented) EXPECT_TRUE(routed.count(d)) << "documented but not routed: " << d.first << " " << d.second;
}

// The codes the document lists for a component: the server's own lists, both ways, so a code the
// server sends has its words in the catalogues (web/src/shared/locales/codes.test.ts).
std::set<std::string> Listed(const boost::json::object& doc, const char* component) {
    std::set<std::string> out;
    const auto& schema = doc.at("components").at("schemas").at(component).as_object();
    for (const auto& v : schema.at("enum").as_array()) out.emplace(v.as_string());
    EXPECT_TRUE(schema.contains("x-words")) << component;
    return out;
}

template <typename List, typename Name>
std::set<std::string> Names(const List& values, Name name) {
    std::set<std::string> out;
    for (const auto& v : values) out.emplace(name(v));
    return out;
}

TEST(OpenApi, ListsTheCodesTheServerSends) {
    const auto doc = boost::json::parse(OpenApiDocument()).as_object();
    EXPECT_EQ(Listed(doc, "Role"), Names(core::auth::AllRoles(), core::auth::RoleName));
    EXPECT_EQ(Listed(doc, "OrgKind"), Names(core::org::AllOrgKinds(), core::org::OrgKindName));
    EXPECT_EQ(Listed(doc, "SchoolStage"), Names(core::org::AllSchoolStages(), core::org::SchoolStageName));
    EXPECT_EQ(Listed(doc, "SpecialGroup"),
              Names(core::people::AllSpecialSituations(), core::people::SpecialSituationName));
    const auto sources = Listed(doc, "SignalSource");
    for (const auto& s : sources) EXPECT_TRUE(core::warning::ParseSignalSource(s)) << s;
    EXPECT_EQ(sources.size(), 7u) << "every source the server has (core/warning/signal.cpp)";
}

TEST(OpenApi, EveryReferenceResolves) {
    const auto doc = boost::json::parse(OpenApiDocument());
    std::vector<std::string> refs;
    const std::function<void(const boost::json::value&)> walk = [&](const boost::json::value& v) {
        if (v.is_object()) {
            for (const auto& [k, child] : v.as_object()) {
                if (k == "$ref") refs.emplace_back(child.as_string());
                walk(child);
            }
        } else if (v.is_array()) {
            for (const auto& child : v.as_array()) walk(child);
        }
    };
    walk(doc);
    ASSERT_FALSE(refs.empty());
    for (const auto& ref : refs) {
        ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
        boost::system::error_code ec;
        const auto* target = doc.find_pointer(ref.substr(1), ec);
        EXPECT_TRUE(target && !ec) << "dangling $ref " << ref;
    }
}

}  // namespace
}  // namespace xinqiao::http
