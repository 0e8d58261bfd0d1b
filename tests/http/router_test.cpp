#include "http/router.hpp"

#include <gtest/gtest.h>

namespace xinqiao::http {
namespace {

Handler Named(std::string name) {
    return [name](Request&) {
        Response r;
        r.body = name;
        return r;
    };
}

std::string Call(const Router& router, const std::string& method, const std::string& path) {
    auto m = router.Find(method, path);
    if (!m.handler) return m.allowed.empty() ? "404" : "405";
    Request req;
    req.path_params = m.params;
    std::string out = (*m.handler)(req).body;
    for (const auto& [k, v] : m.params) out += " " + k + "=" + v;
    return out;
}

TEST(Router, MatchesLiteralAndParameterSegments) {
    Router r;
    r.Add("GET", "/api/v1/org-units", Named("roots"));
    r.Add("GET", "/api/v1/org-units/{id}", Named("one"));
    r.Add("GET", "/api/v1/org-units/{id}/children", Named("children"));
    r.Add("PATCH", "/api/v1/org-units/{id}", Named("patch"));

    EXPECT_EQ(Call(r, "GET", "/api/v1/org-units"), "roots");
    EXPECT_EQ(Call(r, "GET", "/api/v1/org-units/42"), "one id=42");
    EXPECT_EQ(Call(r, "GET", "/api/v1/org-units/42/children"), "children id=42");
    EXPECT_EQ(Call(r, "PATCH", "/api/v1/org-units/7"), "patch id=7");
}

TEST(Router, OpenRoutesAreMarkedAndEverythingElseNeedsASession) {
    Router r;
    r.Add("POST", "/api/v1/session", Named("sign in"), Access::kOpen);
    r.Add("GET", "/api/v1/session", Named("who"));
    EXPECT_EQ(r.Find("POST", "/api/v1/session").access, Access::kOpen);
    EXPECT_EQ(r.Find("GET", "/api/v1/session").access, Access::kSignedIn);
    EXPECT_EQ(r.Find("PUT", "/api/v1/session").access, Access::kSignedIn) << "a wrong method is not open";
    EXPECT_EQ(r.Find("POST", "/api/v1/nowhere").access, Access::kSignedIn) << "nor is an unknown route";
}

TEST(Router, UnknownPathsAre404AndWrongMethods405) {
    Router r;
    r.Add("GET", "/api/v1/org-units/{id}", Named("one"));
    EXPECT_EQ(Call(r, "GET", "/api/v1/org-units"), "404");
    EXPECT_EQ(Call(r, "GET", "/api/v1/org-units/"), "404") << "an empty segment is not an id";
    EXPECT_EQ(Call(r, "GET", "/api/v1/org-units/1/2"), "404");
    EXPECT_EQ(Call(r, "GET", "/nope"), "404");
    EXPECT_EQ(Call(r, "GET", ""), "404");
    EXPECT_EQ(Call(r, "DELETE", "/api/v1/org-units/1"), "405");
    auto m = r.Find("DELETE", "/api/v1/org-units/1");
    ASSERT_EQ(m.allowed.size(), 1u);
    EXPECT_EQ(m.allowed[0], "GET");
}

TEST(Router, LiteralSegmentsWinOverParameters) {
    Router r;
    r.Add("GET", "/things/{id}", Named("param"));
    r.Add("GET", "/things/special", Named("literal"));
    EXPECT_EQ(Call(r, "GET", "/things/special"), "literal");
    EXPECT_EQ(Call(r, "GET", "/things/other"), "param id=other");
}

TEST(Router, ReportsTheRouteTemplateNotThePath) {
    Router r;
    r.Add("GET", "/api/v1/org-units/{id}/students", Named("s"));
    EXPECT_EQ(r.Find("GET", "/api/v1/org-units/99/students").route, "/api/v1/org-units/{id}/students");
    EXPECT_EQ(r.Find("GET", "/x").route, "unmatched");
}

}  // namespace
}  // namespace xinqiao::http
