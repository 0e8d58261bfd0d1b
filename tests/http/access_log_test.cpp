#include "http/access_log.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cstdio>

namespace xinqiao::http {
namespace {

TEST(AccessLog, WritesOneJsonObjectPerLine) {
    std::FILE* f = std::tmpfile();
    ASSERT_NE(f, nullptr);
    AccessLog log(f);
    log.Write({"2026-11-22T10:00:00.000Z", "rid-1", "GET", "/api/v1/org-units/{id}/students", 200, 1.5, 0, 1234});
    log.Write({"2026-11-22T10:00:01.000Z", "rid-2", "POST", "/api/v1/org-units", 400, 0.2, 30, 150});
    std::rewind(f);
    char line[1024];
    int lines = 0;
    while (std::fgets(line, sizeof line, f)) {
        const auto o = boost::json::parse(line).as_object();
        EXPECT_TRUE(o.contains("request_id"));
        EXPECT_TRUE(o.contains("route"));
        EXPECT_TRUE(o.contains("status"));
        EXPECT_TRUE(o.contains("duration_us"));
        ++lines;
    }
    EXPECT_EQ(lines, 2);
    std::fclose(f);
}

TEST(AccessLog, RecordsTheRouteTemplateOnly) {
    // There is no field for the raw path or query: the record type itself keeps ids, names and
    // search terms out. The formatted line holds exactly the documented keys.
    const auto line = AccessLog::Format({"t", "r", "GET", "/api/v1/org-units/{id}", 200, 1, 0, 10});
    const auto o = boost::json::parse(line).as_object();
    std::set<std::string> keys;
    for (const auto& [k, v] : o) keys.insert(std::string(k));
    EXPECT_EQ(keys, (std::set<std::string>{"ts", "request_id", "method", "route", "status", "duration_us", "bytes_in",
                                           "bytes_out"}));
}

}  // namespace
}  // namespace xinqiao::http
