#include "http/static_site.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "support/test_db.hpp"

namespace xinqiao::http {
namespace {

namespace fs = std::filesystem;

std::string Header(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
        if (k == name) return v;
    }
    return {};
}

std::string Gunzip(const std::string& data) {
    z_stream z{};
    inflateInit2(&z, 15 + 16);
    std::string out(1 << 20, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&z, Z_FINISH);
    out.resize(z.total_out);
    inflateEnd(&z);
    return rc == Z_STREAM_END ? out : "(not gzip)";
}

class StaticSiteTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = testing::MakeTempDir();
        fs::create_directories(root_ + "/assets");
        Write("/index.html", "<!doctype html><title>心桥</title><div id=app></div>");
        Write("/student.html", "<!doctype html><title>心桥 学生</title>");
        script_ = "console.log('workbench');\n";
        for (int i = 0; i < 200; ++i) script_ += "export const line" + std::to_string(i) + " = 'repeated text';\n";
        Write("/assets/index-3f9a1c.js", script_);
        Write("/favicon.ico", std::string("\0\0\1\0", 4));
        auto site = StaticSite::Load(root_);
        ASSERT_TRUE(site) << site.error().message;
        site_ = *site;
    }
    void TearDown() override { fs::remove_all(root_); }
    void Write(const std::string& path, const std::string& body) { std::ofstream(root_ + path, std::ios::binary) << body; }

    std::string root_, script_;
    std::shared_ptr<const StaticSite> site_;
};

TEST_F(StaticSiteTest, EntryPagesRevalidateAndHashedAssetsAreCachedForAYear) {
    EXPECT_EQ(site_->file_count(), 4u);
    const auto index = site_->Serve("/", "", "");
    ASSERT_TRUE(index);
    EXPECT_EQ(index->status, 200);
    EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
    EXPECT_NE(index->body.find("心桥"), std::string::npos);
    EXPECT_EQ(Header(*index, "Cache-Control"), "no-cache");
    const std::string etag = Header(*index, "ETag");
    ASSERT_FALSE(etag.empty());
    const auto again = site_->Serve("/", "", etag);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304);
    EXPECT_TRUE(again->body.empty());

    const auto js = site_->Serve("/assets/index-3f9a1c.js", "br, gzip, deflate", "");
    ASSERT_TRUE(js);
    EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(Header(*js, "Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(Header(*js, "Content-Encoding"), "gzip");
    EXPECT_LT(js->body.size(), script_.size() / 4);
    EXPECT_EQ(Gunzip(js->body), script_);
    const auto plain = site_->Serve("/assets/index-3f9a1c.js", "gzip;q=0, identity", "");
    EXPECT_EQ(Header(*plain, "Content-Encoding"), "");
    EXPECT_EQ(plain->body, script_);
    EXPECT_EQ(Header(*site_->Serve("/favicon.ico", "gzip", ""), "Content-Encoding"), "") << "binary files are not gzipped";
}

TEST_F(StaticSiteTest, AppRoutesGetTheirEntryAndNothingElseLeaks) {
    EXPECT_NE(site_->Serve("/org-units/12/students", "", "")->body.find("<div id=app>"), std::string::npos);
    EXPECT_NE(site_->Serve("/student/questionnaires/3", "", "")->body.find("学生"), std::string::npos);
    EXPECT_NE(site_->Serve("/student", "", "")->body.find("学生"), std::string::npos);
    EXPECT_FALSE(site_->Serve("/missing.js", "", "")) << "a file name that is not there is a 404";
    EXPECT_FALSE(site_->Serve("/assets/gone", "", ""));
    EXPECT_FALSE(site_->Serve("/../etc/passwd", "", ""));
    EXPECT_FALSE(site_->Serve("/assets/../../etc/passwd", "", ""));
}

TEST_F(StaticSiteTest, LoadRefusesWhatIsNotAPlainBuild) {
    EXPECT_EQ(StaticSite::Load(root_ + "/nowhere").error().code, core::ErrorCode::kNotFound);
    fs::create_symlink("/etc/passwd", root_ + "/assets/passwd");
    EXPECT_EQ(StaticSite::Load(root_).error().code, core::ErrorCode::kInvalidArgument);
    fs::remove(root_ + "/assets/passwd");
    EXPECT_EQ(StaticSite::Load(root_, 100).error().code, core::ErrorCode::kInvalidArgument) << "too large";
}

TEST(SecurityHeaders, NothingFromOutsideAndNoFraming) {
    std::string csp;
    for (const auto& [k, v] : SecurityHeaders()) {
        if (k == "Content-Security-Policy") csp = v;
    }
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos);
    EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << "no inline or remote scripts";
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
}

}  // namespace
}  // namespace xinqiao::http
