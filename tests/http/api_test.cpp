#include "http/api.hpp"
#include "http/webhook_client.hpp"
#include "store/crypto/keyring.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "store/xlsx_writer.hpp"
#include "store/instrument_files.hpp"

#include "store/crypto/password.hpp"
#include "store/crypto/totp.hpp"
#include "store/data_store.hpp"
#include "store/inflater.hpp"
#include "store/text_decoder.hpp"
#include "store/org_repository.hpp"
#include "support/fake_clock.hpp"
#include "support/test_auth.hpp"
#include "support/test_db.hpp"

namespace xinqiao::http {
namespace {

// The whole API in memory over a real SQLite database: routing, decoding, status codes,
// problem details. Network behaviour (limits, timeouts, shutdown) is in tests/integration.
class ApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        XINQIAO_OPEN_TEST_DB(t_, testing::Backend::kSqlite);
        data_ = std::make_unique<store::SqlDataStore>(t_->db(), testing::TestKeyring());
        orgs_ = std::make_unique<service::OrgService>(*data_, clock_);
        auth_ = std::make_unique<service::AuthService>(*data_, clock_, hasher_, random_, totp_);
        health_ = std::make_unique<service::HealthService>(*data_);
        audit_ = std::make_unique<service::AuditService>(*data_, clock_);
        roster_ = std::make_unique<service::RosterService>(*data_, clock_, decoder_, inflater_, random_);
        students_ = std::make_unique<service::StudentService>(*data_, clock_, random_);
        users_ = std::make_unique<service::UserService>(*data_, clock_, random_);
        campaigns_ = std::make_unique<service::CampaignService>(*data_, clock_, instruments_, sheets_);
        answering_ = std::make_unique<service::AnsweringService>(*data_, clock_, instruments_);
        alerts_ = std::make_unique<service::AlertService>(*data_, clock_);
        signals_ = std::make_unique<service::SignalService>(*data_, clock_);
        cases_ = std::make_unique<service::CaseService>(*data_, clock_);
        referrals_ = std::make_unique<service::ReferralService>(*data_, clock_);
        follow_ups_ = std::make_unique<service::FollowUpService>(*data_, clock_);
        teams_ = std::make_unique<service::TeamService>(*data_, clock_);
        webhooks_ = std::make_unique<service::WebhookService>(*data_, clock_, transport_, store::HmacSha256,
                                                               "http://xinqiao.test");
        api_ = std::make_unique<Api>(Services(), log_);
        Prepare();
    }

    // A province at the top, administered by the signed-in test user.
    virtual void Prepare() {
        ASSERT_TRUE(t_->db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
            store::SqlOrgRepository repo(s);
            XINQIAO_ASSIGN_OR_RETURN(const auto unit, repo.Create({std::nullopt, core::org::OrgKind::kProvince, "某省", "", std::nullopt, false}, nullptr));
            province_ = unit.id;
            return core::Ok();
        }));
        SignInAs("test.admin", core::auth::Role::kAdmin, province_);
    }

    // Creates an account with one grant and makes it the one Send() uses.
    void SignInAs(const std::string& login, core::auth::Role role, std::int64_t unit) {
        const service::Actor op{std::nullopt, "operator", "test"};
        if (!auth_->CreateAccount(op, login, "测试用户", "test password 123")) {
            // Already exists: fine.
        }
        ASSERT_TRUE(auth_->GrantRole(op, login, role, unit));
        std::string totp;
        if (core::auth::RequiresTwoFactor(role)) {
            const auto enrolled = auth_->EnrollTwoFactor(op, login);
            ASSERT_TRUE(enrolled);
            totp = R"(,"totp":")" + testing::TotpCodeAt(enrolled->secret, clock_.NowUnixMillis()) + "\"";
        }
        const auto r = Send("POST", "/api/v1/session", R"({"login":")" + login + R"(","password":"test password 123")" + totp + "}");
        ASSERT_EQ(r.status, 200) << r.body;
        const auto o = Json(r);
        csrf_ = std::string(o.at("csrf_token").as_string());
        ASSERT_EQ(r.headers.size(), 1u);
        const std::string cookie = r.headers[0].second;
        ASSERT_EQ(cookie.rfind("xq_session=", 0), 0u) << cookie;
        EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
        EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
        token_ = cookie.substr(11, cookie.find(';') - 11);
    }

    Response Send(const std::string& method, const std::string& path, const std::string& body = "",
                  QueryParams query = {}, const std::string& content_type = "application/json") {
        Request req;
        req.method = method;
        req.path = path;
        req.target = path;
        req.query = std::move(query);
        req.body = body;
        req.content_type = body.empty() ? "" : content_type;
        req.request_id = "test-1";
        req.client_address = "127.0.0.1";
        req.session_token = token_;
        req.csrf_token = csrf_;
        return api_->Handle(req);
    }

    ApiServices Services() {
        return {*orgs_, *auth_, *audit_, *roster_, *students_, *users_, instruments_, *campaigns_, *answering_, *alerts_, *signals_, *webhooks_, *cases_, *referrals_, *follow_ups_, *teams_, *health_};
    }

    static boost::json::object Json(const Response& r) { return boost::json::parse(r.body).as_object(); }

    std::int64_t CreateUnit(const std::string& body) {
        const auto r = Send("POST", "/api/v1/org-units", body);
        EXPECT_EQ(r.status, 201) << r.body;
        return r.status == 201 ? Json(r).at("id").as_int64() : 0;
    }

    std::string City(const std::string& name) {
        return R"({"kind":"city","name":")" + name + R"(","parent_id":)" + std::to_string(province_) + "}";
    }

    std::unique_ptr<testing::TestDatabase> t_;
    std::unique_ptr<store::SqlDataStore> data_;
    testing::FakeClock clock_;
    store::Argon2idHasher hasher_{{1024, 1, 1, 16, 32}};
    store::OpenSslRandom random_;
    store::Totp totp_;
    std::unique_ptr<service::OrgService> orgs_;
    std::unique_ptr<service::AuthService> auth_;
    std::unique_ptr<service::HealthService> health_;
    std::unique_ptr<service::AuditService> audit_;
    store::IconvDecoder decoder_;
    store::ZlibInflater inflater_;
    std::unique_ptr<service::RosterService> roster_;
    AccessLog log_{nullptr};
    std::unique_ptr<service::StudentService> students_;
    std::unique_ptr<service::UserService> users_;
    service::InstrumentLibrary instruments_{
        store::LoadInstruments(XINQIAO_INSTRUMENTS).value(),
        store::LoadRiskRules(XINQIAO_RISK_RULES, store::LoadInstruments(XINQIAO_INSTRUMENTS).value()).value()};
    store::XlsxWriter sheets_;
    std::unique_ptr<service::CampaignService> campaigns_;
    std::unique_ptr<service::AnsweringService> answering_;
    std::unique_ptr<service::AlertService> alerts_;
    std::unique_ptr<service::SignalService> signals_;
    std::unique_ptr<service::CaseService> cases_;
    std::unique_ptr<service::ReferralService> referrals_;
    std::unique_ptr<service::FollowUpService> follow_ups_;
    std::unique_ptr<service::TeamService> teams_;
    HttpWebhookTransport transport_;
    std::unique_ptr<service::WebhookService> webhooks_;
    std::unique_ptr<Api> api_;
    std::int64_t province_ = 0;
    std::string token_, csrf_;
};

TEST_F(ApiTest, CreateReadAndListUnits) {
    const auto city = CreateUnit(R"({"kind":"city","name":"青溪市","code":"QX","parent_id":)" + std::to_string(province_) + "}");
    const auto county = CreateUnit(R"({"kind":"county","name":"明湖区","parent_id":)" + std::to_string(city) + "}");
    const auto r = Send("GET", "/api/v1/org-units/" + std::to_string(county));
    ASSERT_EQ(r.status, 200);
    const auto o = Json(r);
    EXPECT_EQ(o.at("name").as_string(), "明湖区");
    EXPECT_EQ(o.at("kind").as_string(), "county");
    EXPECT_EQ(o.at("county_id").as_int64(), county);
    EXPECT_EQ(o.at("parent_id").as_int64(), city);

    const auto roots = Json(Send("GET", "/api/v1/org-units"));
    ASSERT_EQ(roots.at("items").as_array().size(), 1u);
    EXPECT_EQ(roots.at("items").as_array()[0].at("id").as_int64(), province_) << "the admin's own unit";
    const auto children = Json(Send("GET", "/api/v1/org-units/" + std::to_string(city) + "/children"));
    EXPECT_EQ(children.at("items").as_array().size(), 1u);
    const auto ancestors = Json(Send("GET", "/api/v1/org-units/" + std::to_string(county) + "/ancestors"));
    EXPECT_EQ(ancestors.at("items").as_array()[1].at("id").as_int64(), city);
}

TEST_F(ApiTest, CreateAnswers201WithLocation) {
    const auto r = Send("POST", "/api/v1/org-units", City("青溪市"));
    ASSERT_EQ(r.status, 201);
    ASSERT_EQ(r.headers.size(), 1u);
    EXPECT_EQ(r.headers[0].first, "Location");
    EXPECT_EQ(r.headers[0].second, "/api/v1/org-units/" + std::to_string(Json(r).at("id").as_int64()));
}

TEST_F(ApiTest, BadBodiesGetPreciseProblems) {
    const struct {
        const char* body;
        int status;
        const char* field;  // nullptr: no field
    } kCases[] = {
        {R"({"kind":"city","name":1})", 400, "/name"},
        {R"({"kind":"city"})", 400, "/name"},
        {R"({"kind":"town","name":"x"})", 400, "/kind"},
        {R"({"kind":"city","name":"x","parent_id":"1"})", 400, "/parent_id"},
        {R"({"kind":"city","name":"x","parent_id":-3})", 400, "/parent_id"},
        {R"({"kind":"city","name":"x","parent_id":1.5})", 400, "/parent_id"},
        {R"({"kind":"city","name":"x","is_boarding":"yes"})", 400, "/is_boarding"},
        {R"({"kind":"city","name":"x","colour":"red"})", 400, "/colour"},
        {R"({"kind":"city","name":"x","stage":"kindergarten"})", 400, "/stage"},
        {R"({"kind":"city","name":"x","parent_id":123456})", 400, "/parent_id"},
        {R"({"kind":"school","name":"x"})", 400, "/kind"},
        {R"({"kind":"city","name":" x"})", 400, "/name"},
        {R"([1,2])", 400, nullptr},
        {R"({"kind":"city",)", 400, nullptr},
        {R"(nonsense)", 400, nullptr},
    };
    for (const auto& c : kCases) {
        const auto r = Send("POST", "/api/v1/org-units", c.body);
        EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
        EXPECT_EQ(r.content_type, "application/problem+json") << c.body;
        const auto o = Json(r);
        EXPECT_EQ(o.at("status").as_int64(), c.status);
        EXPECT_EQ(o.at("request_id").as_string(), "test-1");
        if (c.field) {
            ASSERT_TRUE(o.contains("field")) << c.body;
            EXPECT_EQ(o.at("field").as_string(), c.field) << c.body;
        } else {
            EXPECT_FALSE(o.contains("field")) << c.body;
        }
    }
    // None of them created anything.
    EXPECT_TRUE(Json(Send("GET", "/api/v1/org-units/" + std::to_string(province_) + "/children")).at("items").as_array().empty());
}

TEST_F(ApiTest, WrongMediaTypeIs415) {
    const auto r = Send("POST", "/api/v1/org-units", R"({"kind":"city","name":"x"})", {}, "text/plain");
    EXPECT_EQ(r.status, 415);
}

TEST_F(ApiTest, DuplicateNameIs409) {
    CreateUnit(City("青溪市"));
    const auto r = Send("POST", "/api/v1/org-units", City("青溪市"));
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(Json(r).at("field").as_string(), "/name");
}

TEST_F(ApiTest, UnknownIdsAre404) {
    for (const std::string path : {"/api/v1/org-units/999", "/api/v1/org-units/999/children",
                                   "/api/v1/org-units/999/ancestors", "/api/v1/org-units/999/students",
                                   "/api/v1/org-units/abc", "/api/v1/org-units/0", "/api/v1/org-units/-1"}) {
        EXPECT_EQ(Send("GET", path).status, 404) << path;
    }
    EXPECT_EQ(Send("PATCH", "/api/v1/org-units/999", R"({"name":"x"})").status, 404);
    EXPECT_EQ(Send("GET", "/api/v2/nothing").status, 404);
}

TEST_F(ApiTest, WrongMethodIs405WithAllow) {
    const auto r = Send("DELETE", "/api/v1/org-units/1");
    EXPECT_EQ(r.status, 405);
    ASSERT_FALSE(r.headers.empty());
    EXPECT_EQ(r.headers[0].first, "Allow");
    EXPECT_EQ(r.headers[0].second, "GET, PATCH");
}

TEST_F(ApiTest, PatchRenamesMovesAndRefusesCycles) {
    const auto city = CreateUnit(City("青溪市"));
    const auto a = CreateUnit(R"({"kind":"county","name":"甲县","parent_id":)" + std::to_string(city) + "}");
    const auto b = CreateUnit(R"({"kind":"county","name":"乙县","parent_id":)" + std::to_string(city) + "}");
    const auto town = CreateUnit(R"({"kind":"township","name":"青石镇","parent_id":)" + std::to_string(a) + "}");

    auto r = Send("PATCH", "/api/v1/org-units/" + std::to_string(town), R"({"name":"白石镇"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Json(r).at("name").as_string(), "白石镇");

    r = Send("PATCH", "/api/v1/org-units/" + std::to_string(town), R"({"parent_id":)" + std::to_string(b) + "}");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Json(r).at("county_id").as_int64(), b);

    r = Send("PATCH", "/api/v1/org-units/" + std::to_string(b), R"({"parent_id":)" + std::to_string(town) + "}");
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(Json(r).at("field").as_string(), "/parent_id");

    r = Send("PATCH", "/api/v1/org-units/" + std::to_string(b), R"({"kind":"city"})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(Json(r).at("field").as_string(), "/kind");
    r = Send("PATCH", "/api/v1/org-units/" + std::to_string(b), R"({})");
    EXPECT_EQ(r.status, 400);
    r = Send("PATCH", "/api/v1/org-units/" + std::to_string(b), R"({"is_boarding":null})");
    EXPECT_EQ(r.status, 400);
}

TEST_F(ApiTest, AuditorsQueryAndExportTheTrailInTheirScope) {
    const auto city_a = CreateUnit(City("甲市"));
    const auto city_b = CreateUnit(City("乙市"));
    CreateUnit(R"({"kind":"county","name":"甲县","parent_id":)" + std::to_string(city_a) + "}");
    CreateUnit(R"({"kind":"county","name":"乙县","parent_id":)" + std::to_string(city_b) + "}");
    EXPECT_EQ(Send("GET", "/api/v1/audit").status, 403) << "admins do not read the trail";

    SignInAs("auditor.top", core::auth::Role::kAuditor, province_);
    auto all = Json(Send("GET", "/api/v1/audit"));
    EXPECT_GE(all.at("total").as_int64(), 10) << "accounts, grants, sign-ins and the four units";
    auto sessions = Json(Send("GET", "/api/v1/audit", "", {{"action", "session."}}));
    ASSERT_GT(sessions.at("total").as_int64(), 0);
    for (const auto& e : sessions.at("items").as_array()) {
        EXPECT_EQ(std::string(e.at("action").as_string()).rfind("session.", 0), 0u);
    }
    const auto creates = Json(Send("GET", "/api/v1/audit", "", {{"action", "org_unit.create"}}));
    EXPECT_EQ(creates.at("total").as_int64(), 4);
    EXPECT_EQ(Json(Send("GET", "/api/v1/audit", "", {{"action", "org!unit"}})).at("total").as_int64(), 0);
    EXPECT_EQ(Json(Send("GET", "/api/v1/audit", "", {{"from", "2099-01-01"}})).at("total").as_int64(), 0);
    EXPECT_EQ(Json(Send("GET", "/api/v1/audit", "", {{"to", "2026-11-23"}})).at("total").as_int64(),
              all.at("total").as_int64()) << "the fake clock stands at 2026-11-22";
    const auto bad = Send("GET", "/api/v1/audit", "", {{"from", "yesterday"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Json(bad).at("field").as_string(), "from");

    const auto csv = Send("GET", "/api/v1/audit/export", "", {{"action", "org_unit.create"}});
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
    EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBFid,at,actor_id", 0), 0u);
    EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 5) << "header and four rows";
    EXPECT_EQ(Json(Send("GET", "/api/v1/audit", "", {{"action", "audit.export"}})).at("total").as_int64(), 1)
        << "exports are audited";

    // An auditor of one city sees that city's entries only.
    SignInAs("auditor.a", core::auth::Role::kAuditor, city_a);
    const auto mine = Json(Send("GET", "/api/v1/audit", "", {{"action", "org_unit.create"}}));
    ASSERT_EQ(mine.at("total").as_int64(), 2) << "city A itself and its county, not city B's";
    for (const auto& e : mine.at("items").as_array()) {
        EXPECT_NE(std::string(e.at("org_path").as_string()).find("/" + std::to_string(city_a) + "/"), std::string::npos);
    }
}

// The demo region, seen by a bureau account on its city.
class ApiDemoTest : public ApiTest {
protected:
    void Prepare() override {
        core::demo::DemoSettings settings;
        settings.students = 2000;
        settings.today = core::Date{2026, 11, 22};
        ASSERT_TRUE(store::LoadDemoRegion(t_->db(), testing::TestKeyring(), settings));
        SignInAs("test.bureau", core::auth::Role::kBureauStaff, 1);
    }
};

TEST_F(ApiDemoTest, StudentListPagesFiltersAndMasks) {
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const std::string path = "/api/v1/org-units/" + std::to_string(city) + "/students";

    auto page = Json(Send("GET", path, "", {{"page_size", "10"}, {"page", "2"}}));
    EXPECT_EQ(page.at("items").as_array().size(), 10u);
    EXPECT_EQ(page.at("page").as_int64(), 2);
    const auto total = page.at("total").as_int64();
    EXPECT_NEAR(static_cast<double>(total), 2000, 10);
    const auto& first = page.at("items").as_array()[0].as_object();
    for (const char* key : {"id", "student_number", "name", "gender", "birth_date", "special_groups", "class_name",
                            "grade_name", "id_number_masked"}) {
        EXPECT_TRUE(first.contains(key)) << key;
    }
    EXPECT_FALSE(first.contains("id_number")) << "the full ID number never leaves in a list";
    EXPECT_NE(std::string(first.at("id_number_masked").as_string()).find("********"), std::string::npos);

    auto filtered = Json(Send("GET", path, "", {{"special_group", "left_behind"}, {"page_size", "500"}}));
    EXPECT_GT(filtered.at("total").as_int64(), 0);
    EXPECT_LT(filtered.at("total").as_int64(), total);
    for (const auto& item : filtered.at("items").as_array()) {
        const auto& groups = item.at("special_groups").as_array();
        EXPECT_NE(std::find(groups.begin(), groups.end(), boost::json::value("left_behind")), groups.end());
    }

    const auto bad = Send("GET", path, "", {{"page_size", "100000"}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Json(bad).at("field").as_string(), "page_size");
}

TEST_F(ApiDemoTest, TreeBrowserSummaryAndSearch) {
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const auto summary = Json(Send("GET", "/api/v1/org-units/" + std::to_string(city) + "/summary"));
    const auto students = summary.at("counts").at("students").as_int64();
    EXPECT_NEAR(static_cast<double>(students), 2000, 10);
    EXPECT_GT(summary.at("counts").at("schools").as_int64(), 1);
    std::int64_t sum = 0;
    for (const auto& c : summary.at("children").as_array()) sum += c.at("counts").at("students").as_int64();
    EXPECT_EQ(sum, students) << "the children's counts add up to their parent's";

    const auto found = Json(Send("GET", "/api/v1/org-units/search", "", {{"q", "中学"}}));
    ASSERT_FALSE(found.at("items").as_array().empty());
    const auto& hit = found.at("items").as_array()[0].as_object();
    EXPECT_NE(std::string(hit.at("name").as_string()).find("中学"), std::string::npos);
    EXPECT_FALSE(hit.at("trail").as_array().empty());

    EXPECT_EQ(Send("GET", "/api/v1/org-units/search", "", {{"q", ""}}).status, 400);
    EXPECT_EQ(Json(Send("GET", "/api/v1/org-units/search", "", {{"text", "x"}})).at("field").as_string(), "text");
    EXPECT_EQ(Send("GET", "/api/v1/org-units/999999/summary").status, 404);
}

TEST_F(ApiTest, RosterTemplatesAreCsvWithChineseHeaders) {
    const auto students = Send("GET", "/api/v1/roster-templates/students");
    ASSERT_EQ(students.status, 200);
    EXPECT_EQ(students.content_type, "text/csv; charset=utf-8");
    EXPECT_EQ(students.body.rfind("\xEF\xBB\xBF姓名,性别,出生日期,学籍号,年级,班级,", 0), 0u) << students.body;
    bool named = false;
    for (const auto& [k, v] : students.headers) {
        named = named || (k == "Content-Disposition" && v.find("filename*=UTF-8''%E5%AD%A6%E7%94%9F") != std::string::npos);
    }
    EXPECT_TRUE(named) << "the file is named in Chinese";
    const auto staff = Send("GET", "/api/v1/roster-templates/staff");
    EXPECT_EQ(staff.body, "\xEF\xBB\xBF姓名,工号,角色,所属单位,手机号\r\n");
    EXPECT_EQ(Send("GET", "/api/v1/roster-templates/other").status, 404);
}

TEST_F(ApiTest, AdministratorsListAndChangeGrants) {
    const auto city = CreateUnit(City("甲市"));
    const service::Actor op{std::nullopt, "operator", "test"};
    ASSERT_TRUE(auth_->CreateAccount(op, "bureau.li", "李老师", "test password 123"));
    ASSERT_TRUE(auth_->GrantRole(op, "bureau.li", core::auth::Role::kBureauStaff, city));
    const std::string list = "/api/v1/org-units/" + std::to_string(city) + "/accounts";
    auto page = Json(Send("GET", list, "", {{"q", "li"}}));
    ASSERT_EQ(page.at("total").as_int64(), 1);
    const auto& li = page.at("items").as_array()[0].as_object();
    EXPECT_EQ(li.at("login").as_string(), "bureau.li");
    EXPECT_TRUE(li.at("manageable").as_bool());
    EXPECT_EQ(li.at("grants").as_array()[0].at("unit_name").as_string(), "甲市");
    const auto id = std::to_string(li.at("id").as_int64());

    const auto misfit = Send("PUT", "/api/v1/accounts/" + id + "/grants/class_teacher/" + std::to_string(city));
    EXPECT_EQ(misfit.status, 400);
    EXPECT_EQ(Json(misfit).at("field").as_string(), "/role");
    EXPECT_EQ(Send("PUT", "/api/v1/accounts/" + id + "/grants/no_such_role/" + std::to_string(city)).status, 400);
    const std::string grant = "/api/v1/accounts/" + id + "/grants/bureau_staff/" + std::to_string(province_);
    EXPECT_EQ(Send("PUT", grant).status, 204);
    EXPECT_EQ(Json(Send("GET", list)).at("items").as_array()[0].at("grants").as_array().size(), 2u);
    EXPECT_EQ(Send("DELETE", grant).status, 204);
    EXPECT_EQ(Send("DELETE", grant).status, 404);

    const auto code = Send("POST", "/api/v1/accounts/" + id + "/activation");
    ASSERT_EQ(code.status, 201) << code.body;
    EXPECT_EQ(Json(code).at("code").as_string().size(), 14u);
    bool no_store = false;
    for (const auto& [k, v] : code.headers) no_store = no_store || (k == "Cache-Control" && v == "no-store");
    EXPECT_TRUE(no_store);
    EXPECT_EQ(Send("POST", "/api/v1/accounts/999999/activation").status, 404);
    EXPECT_EQ(Send("GET", list, "", {{"page_size", "0"}}).status, 400);
}

TEST_F(ApiTest, InstrumentsAreListedAndScoredForIntegrations) {
    const auto list = Json(Send("GET", "/api/v1/instruments"));
    bool phq9 = false;
    for (const auto& i : list.at("items").as_array()) {
        if (i.at("id") == "phq9") {
            phq9 = true;
            EXPECT_TRUE(i.at("zh_verified").as_bool());
            EXPECT_EQ(i.at("items").as_int64(), 10);
        }
        if (i.at("id") == "who5") {
            EXPECT_FALSE(i.at("licence_conditions").is_null()) << "non-commercial use only";
        }
    }
    EXPECT_TRUE(phq9);

    const auto r = Send("POST", "/api/v1/instruments/phq9/score", R"({"answers":[0,1,0,0,0,0,0,0,2,null]})");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto o = Json(r);
    EXPECT_EQ(o.at("total").as_int64(), 3);
    EXPECT_EQ(o.at("band").at("level").as_string(), "IV");
    EXPECT_EQ(o.at("alerts").as_array()[0].at("level").as_string(), "I") << "item 9 = 2 raises level I whatever the total";
    EXPECT_EQ(o.at("risk").at("level").as_string(), "I");
    EXPECT_EQ(o.at("risk").at("reasons").as_array()[0].at("zh").as_string(), "PHQ-9 第9题 阳性");

    const auto count = Send("POST", "/api/v1/instruments/phq9/score", R"({"answers":[0,1]})");
    EXPECT_EQ(count.status, 400);
    EXPECT_EQ(Json(count).at("field").as_string(), "/answers");
    const auto range = Send("POST", "/api/v1/instruments/phq9/score", R"({"answers":[0,0,0,9,0,0,0,0,0,0]})");
    EXPECT_EQ(Json(range).at("field").as_string(), "/answers/3");
    EXPECT_EQ(Json(Send("POST", "/api/v1/instruments/phq9/score", R"({"answers":[0,"1"]})")).at("field").as_string(), "/answers/1");
    EXPECT_EQ(Send("POST", "/api/v1/instruments/nope/score", R"({"answers":[]})").status, 404);
    EXPECT_EQ(Send("POST", "/api/v1/instruments/phq9/score", R"({"answers":[],"x":1})").status, 400);
}

TEST_F(ApiTest, OtherEndpointsRefuseUnknownQueryParameters) {
    const auto r = Send("GET", "/api/v1/org-units", "", {{"q", "x"}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(Json(r).at("field").as_string(), "q");
}

TEST_F(ApiTest, HealthReadinessAndMetrics) {
    EXPECT_EQ(Send("GET", "/healthz").status, 200);
    EXPECT_EQ(Json(Send("GET", "/readyz")).at("status").as_string(), "ready");
    Request req;
    req.method = "GET";
    req.route = "/api/v1/org-units/{id}";
    req.request_id = "x";
    Response resp;
    resp.status = 404;
    api_->Record(req, resp, 0.003);
    const auto m = Send("GET", "/metrics");
    EXPECT_EQ(m.status, 200);
    EXPECT_EQ(m.content_type.rfind("text/plain", 0), 0u);
    EXPECT_NE(m.body.find("xinqiao_http_requests_total{route=\"/api/v1/org-units/{id}\",method=\"GET\",status=\"404\"} 1"),
              std::string::npos)
        << m.body;
    EXPECT_NE(m.body.find("xinqiao_http_request_duration_seconds_bucket{route=\"/api/v1/org-units/{id}\",method=\"GET\","
                          "status=\"404\",le=\"0.005\"} 1"),
              std::string::npos);
    EXPECT_NE(m.body.find("xinqiao_db_pool_connections{driver=\"sqlite\"}"), std::string::npos);
    EXPECT_NE(m.body.find("xinqiao_db_writer_cpu_seconds_total{driver=\"sqlite\"}"), std::string::npos);
}

TEST_F(ApiTest, AlertRoutesRefuseBadInputClearly) {
    // An administrator owns no alerts: an empty inbox, not an error.
    const auto inbox = Send("GET", "/api/v1/alerts");
    ASSERT_EQ(inbox.status, 200) << inbox.body;
    EXPECT_EQ(Json(inbox).at("total").as_int64(), 0);
    EXPECT_EQ(Json(inbox).at("by_level").at("I").as_int64(), 0);
    const auto level = Send("GET", "/api/v1/alerts", "", {{"level", "IV"}});
    EXPECT_EQ(level.status, 400);
    EXPECT_NE(level.body.find("level must be I, II or III"), std::string::npos);
    EXPECT_EQ(Send("GET", "/api/v1/alerts", "", {{"state", "lost"}}).status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/alerts", "", {{"colour", "red"}}).status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/alerts", "", {{"limit", "0"}}).status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/alerts/12345").status, 404);
    const auto version = Send("POST", "/api/v1/alerts/12345/acknowledge", R"({"version":"one"})");
    EXPECT_EQ(version.status, 400);
    EXPECT_NE(version.body.find("/version"), std::string::npos);
    EXPECT_EQ(Send("POST", "/api/v1/alerts/12345/acknowledge", R"({"version":1,"note":"x"})").status, 400);
    const auto unknown = Send("POST", "/api/v1/alerts/12345/acknowledge", R"({"version":1})");
    EXPECT_EQ(unknown.status, 404) << unknown.body;
    EXPECT_EQ(Send("POST", "/api/v1/alerts/12345/close", R"({"version":1,"outcome":"gone"})").status, 400);
    EXPECT_EQ(Send("POST", "/api/v1/alerts/12345/acknowledge", "{").status, 400);
    // Response times: the defaults until a region sets its own; bad values change nothing.
    const auto times = Send("GET", "/api/v1/org-units/" + std::to_string(province_) + "/response-times");
    ASSERT_EQ(times.status, 200) << times.body;
    EXPECT_EQ(Json(times).at("level_1").at("minutes").as_int64(), 60);
    EXPECT_TRUE(Json(times).at("level_2").at("school_days").as_bool());
    EXPECT_TRUE(Json(times).at("set_on").is_null());
    const std::string path = "/api/v1/org-units/" + std::to_string(province_) + "/response-times";
    EXPECT_EQ(Send("PUT", path, R"({"level_1":{"minutes":30},"level_2":{"minutes":20},"level_3":{"minutes":600}})").status, 400);
    EXPECT_EQ(Send("PUT", path, R"({"level_1":{"minutes":30}})").status, 400);
    const auto set = Send("PUT", path,
                          R"({"level_1":{"minutes":30},"level_2":{"minutes":240,"school_days":true},"level_3":{"minutes":600}})");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(Json(set).at("set_on").as_int64(), province_);
    EXPECT_EQ(Json(set).at("level_3").at("minutes").as_int64(), 600);
    const auto cleared = Send("DELETE", path);
    ASSERT_EQ(cleared.status, 200);
    EXPECT_TRUE(Json(cleared).at("set_on").is_null());
}

TEST_F(ApiTest, WebhookRoutesRefuseBadInputClearlyAndNeverShowTheSecret) {
    const std::string path = "/api/v1/org-units/" + std::to_string(province_) + "/webhooks";
    const auto bad = [&](const std::string& body, const std::string& field) {
        const auto r = Send("POST", path, body);
        EXPECT_EQ(r.status, 400) << body << " " << r.body;
        EXPECT_NE(r.body.find("\"field\":\"" + field + "\""), std::string::npos) << body << " " << r.body;
    };
    bad(R"({"url":"https://hook.example/x","secret":"long enough 1"})", "/format");
    bad(R"({"format":"slack","url":"https://hook.example/x","secret":"long enough 1"})", "/format");
    bad(R"({"format":"generic","url":"mailto:x@example","secret":"long enough 1"})", "/url");
    bad(R"({"format":"generic","url":"https://hook.example/x"})", "/secret");
    bad(R"({"format":"generic","url":"https://hook.example/x","secret":"long enough 1","min_level":"IV"})", "/min_level");
    bad(R"({"format":"generic","url":"https://hook.example/x","secret":"long enough 1","colour":"red"})", "/colour");
    EXPECT_EQ(Send("POST", path, "{").status, 400);
    EXPECT_EQ(Send("POST", path, "format=generic", {}, "application/x-www-form-urlencoded").status, 415);
    EXPECT_EQ(Send("POST", "/api/v1/org-units/999999/webhooks",
                   R"({"format":"generic","url":"https://hook.example/x","secret":"long enough 1"})").status, 404);

    const auto made = Send("POST", path,
                           R"({"format":"dingtalk","url":"https://oapi.dingtalk.com/robot/send?access_token=SeCrEtToKeN","secret":"SEC-long enough 1","min_level":"I"})");
    ASSERT_EQ(made.status, 201) << made.body;
    const auto list = Send("GET", path);
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(list.body.find("SeCrEtToKeN"), std::string::npos) << "the URL's key is masked";
    EXPECT_EQ(list.body.find("SEC-long"), std::string::npos) << "the secret is never shown";
    const auto listed = Json(list);
    const auto& item = listed.at("items").as_array().at(0).as_object();
    EXPECT_EQ(item.at("url").as_string(), "https://oapi.dingtalk.com/…");
    EXPECT_EQ(item.at("min_level").as_string(), "I");
    const std::string hook = "/api/v1/webhooks/" + std::to_string(item.at("id").as_int64());
    EXPECT_EQ(Send("DELETE", hook).status, 204);
    EXPECT_EQ(Send("DELETE", hook).status, 404);
    EXPECT_TRUE(Json(Send("GET", path)).at("items").as_array().empty());
}

TEST_F(ApiTest, CaseRoutesRefuseBadInputClearly) {
    const auto bad = [&](const std::string& path, const std::string& body, int status, const std::string& field) {
        const auto r = Send("POST", path, body);
        EXPECT_EQ(r.status, status) << path << " " << body << " " << r.body;
        if (!field.empty()) {
            EXPECT_NE(r.body.find("\"field\":\"" + field + "\""), std::string::npos) << r.body;
        }
    };
    bad("/api/v1/cases", R"({})", 400, "/student_id");
    bad("/api/v1/cases", R"({"student_id":"7"})", 400, "/student_id");
    bad("/api/v1/cases", R"({"student_id":7,"level":"I"})", 400, "/level");
    bad("/api/v1/cases", R"({"student_id":999999})", 404, "");
    bad("/api/v1/cases/12345/records", R"({"kind":"gossip","body":"x"})", 400, "/kind");
    bad("/api/v1/cases/12345/records", R"({"kind":"note"})", 400, "/body");
    bad("/api/v1/cases/12345/records", R"({"kind":"note","body":"x"})", 404, "");
    bad("/api/v1/cases/12345/advance", R"({})", 400, "/version");
    bad("/api/v1/cases/12345/close", R"({"version":1})", 404, "");
    EXPECT_EQ(Send("POST", "/api/v1/cases", "{").status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/cases/12345").status, 404);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(province_) + "/cases", "", {{"state", "lost"}}).status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(province_) + "/cases").status, 403) << "admins see no cases";
}

// Referrals, follow-ups, conferences, teams and the ledger: every malformed body or query is refused
// on its field before any service is asked, and unknown ids answer 404.
TEST_F(ApiTest, ReferralFollowUpTeamAndLedgerRoutesRefuseBadInputClearly) {
    const auto bad = [&](const std::string& method, const std::string& path, const std::string& body, int status,
                         const std::string& field) {
        const auto r = Send(method, path, body);
        EXPECT_EQ(r.status, status) << path << " " << body << " " << r.body;
        if (!field.empty()) {
            EXPECT_NE(r.body.find("\"field\":\"" + field + "\""), std::string::npos) << r.body;
        }
    };
    bad("POST", "/api/v1/cases/12345/referrals", R"({"reason":"x"})", 400, "/hospital_id");
    bad("POST", "/api/v1/cases/12345/referrals", R"({"hospital_id":3,"reason":7})", 400, "/reason");
    bad("POST", "/api/v1/cases/12345/referrals", R"({"hospital_id":3,"reason":"x"})", 404, "");
    bad("POST", "/api/v1/referrals/12345/accept", R"({})", 400, "/version");
    bad("POST", "/api/v1/referrals/12345/accept", R"({"version":1,"reason":"x"})", 400, "/reason");
    bad("POST", "/api/v1/referrals/12345/outcome", R"({"version":1,"attended":"yes","diagnosis":"none","recommendations":"x"})",
        400, "/attended");
    bad("POST", "/api/v1/referrals/12345/outcome", R"({"version":1,"attended":true,"diagnosis":"F32","recommendations":"x"})",
        400, "/diagnosis");
    bad("POST", "/api/v1/referrals/12345/return-assessment", R"({"version":1,"verdict":"maybe","assessment":"x"})", 400,
        "/verdict");
    bad("POST", "/api/v1/referrals/12345/return-plan", R"({"version":1,"return_day":"2026-13-01","plan":"x"})", 400,
        "/return_day");
    bad("POST", "/api/v1/referrals/12345/accept", R"({"version":1})", 404, "");
    bad("POST", "/api/v1/cases/12345/follow-ups", R"({"plan":"daily"})", 400, "/plan");
    bad("POST", "/api/v1/cases/12345/follow-ups", R"({"plan":"single","start":"tomorrow"})", 400, "/start");
    bad("POST", "/api/v1/follow-ups/12345/done", R"({"result":"fine","note":"x"})", 400, "/result");
    bad("POST", "/api/v1/follow-ups/12345/done", R"({"result":"stable","note":"x"})", 404, "");
    bad("POST", "/api/v1/cases/12345/conferences", R"({"participants":"王老师","findings":"x","decisions":"y"})", 400,
        "/participants");
    bad("POST", "/api/v1/cases/12345/conferences", R"({"participants":["王老师"],"findings":"x","decisions":"y","held_on":"x"})",
        400, "/held_on");
    bad("PUT", "/api/v1/org-units/" + std::to_string(province_) + "/crisis-team/someone", R"({"duty":1})", 400, "/duty");
    bad("POST", "/api/v1/students/12345/supports", R"({"kind":"study","given_on":"2026/11/23"})", 400, "/given_on");
    bad("POST", "/api/v1/students/12345/supports", R"({"kind":"study"})", 404, "");
    EXPECT_EQ(Send("GET", "/api/v1/referrals/12345").status, 404);
    const std::string unit = "/api/v1/org-units/" + std::to_string(province_);
    EXPECT_EQ(Send("GET", unit + "/ledger", "", {{"situation", "rich"}}).status, 400);
    EXPECT_EQ(Send("GET", unit + "/ledger", "", {{"limit", "-1"}}).status, 400);
    EXPECT_EQ(Send("GET", unit + "/follow-ups", "", {{"from", "2026-11-30"}, {"to", "2026-11-01"}}).status, 400);
    EXPECT_EQ(Send("GET", unit + "/follow-ups", "", {{"state", "late"}}).status, 400);
    EXPECT_EQ(Send("GET", unit + "/follow-ups/overdue", "", {{"x", "1"}}).status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/referrals").status, 403) << "only a hospital partner has referrals to answer";
}

TEST_F(ApiTest, RequestIdsAreKeptWhenSaneAndMadeOtherwise) {
    EXPECT_EQ(api_->RequestIdFor("abc-123_x.y"), "abc-123_x.y");
    const auto made = api_->RequestIdFor("bad id with spaces");
    EXPECT_NE(made, "bad id with spaces");
    EXPECT_FALSE(made.empty());
    EXPECT_NE(api_->RequestIdFor(""), api_->RequestIdFor(""));
    EXPECT_NE(api_->RequestIdFor(std::string(65, 'a')), std::string(65, 'a'));
}

TEST_F(ApiTest, WithoutASessionEveryApiRouteIs401) {
    token_.clear();
    for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
             {"GET", "/api/v1/org-units"}, {"GET", "/api/v1/org-units/1"}, {"POST", "/api/v1/org-units"},
             {"PATCH", "/api/v1/org-units/1"}, {"GET", "/api/v1/org-units/1/students"}, {"GET", "/api/v1/session"},
             {"DELETE", "/api/v1/session"}, {"GET", "/api/v1/no-such-thing"}}) {
        const auto r = Send(method, path);
        EXPECT_EQ(r.status, 401) << method << " " << path;
        EXPECT_EQ(r.content_type, "application/problem+json");
    }
    token_ = std::string(64, 'f');
    EXPECT_EQ(Send("GET", "/api/v1/org-units").status, 401) << "an unknown token is no session";
    EXPECT_EQ(Send("GET", "/healthz").status, 200) << "operations endpoints stay open";
}

TEST_F(ApiTest, WritesNeedTheSessionsCsrfToken) {
    const std::string good = csrf_;
    csrf_.clear();
    EXPECT_EQ(Send("POST", "/api/v1/org-units", City("甲市")).status, 403);
    csrf_ = std::string(64, '0');
    EXPECT_EQ(Send("POST", "/api/v1/org-units", City("甲市")).status, 403);
    EXPECT_EQ(Send("GET", "/api/v1/org-units").status, 200) << "reads need no CSRF token";
    csrf_ = good;
    EXPECT_EQ(Send("POST", "/api/v1/org-units", City("甲市")).status, 201);
}

TEST_F(ApiTest, SessionSaysWhoAndSignOutEndsIt) {
    const auto me = Json(Send("GET", "/api/v1/session"));
    EXPECT_EQ(me.at("account").at("login").as_string(), "test.admin");
    EXPECT_EQ(me.at("grants").as_array()[0].at("role").as_string(), "admin");
    EXPECT_EQ(me.at("csrf_token").as_string(), csrf_);
    const auto out = Send("DELETE", "/api/v1/session");
    EXPECT_EQ(out.status, 204);
    ASSERT_FALSE(out.headers.empty());
    EXPECT_NE(out.headers[0].second.find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(Send("GET", "/api/v1/session").status, 401);
}

TEST_F(ApiTest, SessionCookieIsSecureBehindTls) {
    Api tls(Services(), log_, /*secure_cookies=*/true);
    const service::Actor op{std::nullopt, "operator", "test"};
    ASSERT_TRUE(auth_->CreateAccount(op, "tls.user", "测试", "test password 123"));
    Request req;
    req.method = "POST";
    req.path = "/api/v1/session";
    req.content_type = "application/json";
    req.body = R"({"login":"tls.user","password":"test password 123"})";
    req.client_address = "127.0.0.1";
    const auto r = tls.Handle(req);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.headers[0].second.find("; Secure"), std::string::npos);
    EXPECT_EQ(Send("POST", "/api/v1/session", R"({"login":"tls.user","password":"test password 123"})")
                  .headers[0].second.find("Secure"), std::string::npos) << "plain HTTP on loopback: not Secure";
}

TEST_F(ApiTest, SignInFailuresAreUniformAndThrottled) {
    token_.clear();
    const auto wrong = Send("POST", "/api/v1/session", R"({"login":"test.admin","password":"wrong wrong wrong"})");
    const auto unknown = Send("POST", "/api/v1/session", R"({"login":"nobody","password":"wrong wrong wrong"})");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(Json(wrong).at("detail"), Json(unknown).at("detail"));
    EXPECT_EQ(Send("POST", "/api/v1/session", R"({"login":"test.admin"})").status, 400);
    for (int i = 0; i < 5; ++i) (void)Send("POST", "/api/v1/session", R"({"login":"x.y","password":"wrong wrong wrong"})");
    EXPECT_EQ(Send("POST", "/api/v1/session", R"({"login":"test.admin","password":"test password 123"})").status, 429);
}

TEST_F(ApiTest, ScopeDecidesWhatOneSeesAndOutOfScopeIs404) {
    const auto city_a = CreateUnit(City("甲市"));
    const auto city_b = CreateUnit(City("乙市"));
    const auto county_a = CreateUnit(R"({"kind":"county","name":"甲县","parent_id":)" + std::to_string(city_a) + "}");
    const auto county_b = CreateUnit(R"({"kind":"county","name":"乙县","parent_id":)" + std::to_string(city_b) + "}");
    SignInAs("bureau.a", core::auth::Role::kBureauStaff, city_a);

    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(county_a)).status, 200) << "own subtree";
    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(county_b)).status, 404) << "sibling city's county";
    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(province_)).status, 404) << "the parent";
    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(county_b) + "/students").status, 404);
    const auto roots = Json(Send("GET", "/api/v1/org-units")).at("items").as_array();
    ASSERT_EQ(roots.size(), 1u);
    EXPECT_EQ(roots[0].at("id").as_int64(), city_a);
    const auto anc = Json(Send("GET", "/api/v1/org-units/" + std::to_string(county_a) + "/ancestors"));
    EXPECT_EQ(anc.at("items").as_array().size(), 2u) << "ancestors of a visible unit form its breadcrumb";

    // Writes: allowed in scope, 404 for a parent out of scope (as body field), 403 at the top.
    EXPECT_EQ(Send("POST", "/api/v1/org-units", R"({"kind":"township","name":"新镇","parent_id":)" + std::to_string(county_a) + "}").status, 201);
    const auto outside = Send("POST", "/api/v1/org-units", R"({"kind":"township","name":"新镇","parent_id":)" + std::to_string(county_b) + "}");
    EXPECT_EQ(outside.status, 400);
    EXPECT_EQ(Json(outside).at("field").as_string(), "/parent_id");
    EXPECT_EQ(Send("POST", "/api/v1/org-units", R"({"kind":"city","name":"丙市"})").status, 403);
    EXPECT_EQ(Send("PATCH", "/api/v1/org-units/" + std::to_string(county_b), R"({"name":"改名"})").status, 404);
    EXPECT_EQ(Send("PATCH", "/api/v1/org-units/" + std::to_string(county_a), R"({"parent_id":)" + std::to_string(city_b) + "}").status, 400)
        << "cannot move a unit into another bureau's city";
}

TEST_F(ApiDemoTest, RolesSeeWhatThePolicySays) {
    // A class teacher sees their class's roster and nothing of the next class.
    SignInAs("class.teacher", core::auth::Role::kClassTeacher, 11);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/11/students").status, 200);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/12/students").status, 404);
    EXPECT_EQ(Send("PATCH", "/api/v1/org-units/11", R"({"name":"改名班"})").status, 403) << "visible, not editable";
    // A peer observer reads nothing at all.
    SignInAs("peer.one", core::auth::Role::kPeerObserver, 11);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/11/students").status, 404);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/11").status, 404);
    EXPECT_TRUE(Json(Send("GET", "/api/v1/org-units")).at("items").as_array().empty());
    // An admin runs the tree but reads no roster.
    SignInAs("admin.one", core::auth::Role::kAdmin, 1);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/11").status, 200);
    EXPECT_EQ(Send("GET", "/api/v1/org-units/11/students").status, 403);
}

// A peer observer files about a classmate from the picker and reads nothing back; bad reports
// are refused with the field at fault and change nothing.
TEST_F(ApiDemoTest, APeerFilesAnObservationAndReadsNothingBack) {
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const auto first = Json(Send("GET", "/api/v1/org-units/" + std::to_string(city) + "/students", "",
                                 {{"page_size", "1"}}))
                           .at("items").as_array()[0].as_object();
    const auto class_id = first.at("class_id").as_int64();
    const std::string student = std::to_string(first.at("id").as_int64());
    const auto count = [&](const std::string& sql) { return testing::CountOf(t_->db(), sql, {}); };
    const auto signals_before = count("SELECT COUNT(*) FROM signals");

    SignInAs("peer.picker", core::auth::Role::kPeerObserver, class_id);
    const auto picker = Send("GET", "/api/v1/signals/students");
    ASSERT_EQ(picker.status, 200) << picker.body;
    const auto items = Json(picker).at("items").as_array();
    ASSERT_FALSE(items.empty());
    for (const auto& i : items) {
        EXPECT_EQ(i.as_object().size(), 4u) << "id, name, class and school only";
        EXPECT_FALSE(i.as_object().contains("level"));
    }
    EXPECT_EQ(Send("GET", "/api/v1/signals/students", "", {{"name", "x"}}).status, 400) << "names never in URLs";
    const std::string classmate(items[0].at("name").as_string());
    const auto search = Send("POST", "/api/v1/signals/students/search", R"({"name":")" + classmate + "\"}");
    ASSERT_EQ(search.status, 200) << search.body;
    EXPECT_FALSE(Json(search).at("items").as_array().empty());
    EXPECT_EQ(Send("POST", "/api/v1/signals/students/search", R"({"name":" "})").status, 400);
    EXPECT_EQ(Send("POST", "/api/v1/signals/students/search", R"({"name":1})").status, 400);

    const auto filed = Send("POST", "/api/v1/signals",
                            R"({"student_id":)" + student + R"(,"concerns":["mood","sleep_appetite"],"note":"最近总是一个人"})");
    ASSERT_EQ(filed.status, 202) << filed.body;
    EXPECT_EQ(filed.body, R"({"received":true})");
    EXPECT_EQ(count("SELECT COUNT(*) FROM signals"), signals_before + 1);
    // Still nothing to read: not the student, not the alerts.
    EXPECT_EQ(Send("GET", "/api/v1/students/" + student).status, 404);
    EXPECT_EQ(Json(Send("GET", "/api/v1/alerts")).at("total").as_int64(), 0);

    const auto bad = [&](const std::string& body, const std::string& field) {
        const auto r = Send("POST", "/api/v1/signals", body);
        EXPECT_EQ(r.status, 400) << body << " " << r.body;
        EXPECT_NE(r.body.find("\"field\":\"" + field + "\""), std::string::npos) << body << " " << r.body;
    };
    bad(R"({"concerns":["mood"]})", "/student_id");
    bad(R"({"student_id":"x","concerns":["mood"]})", "/student_id");
    bad(R"({"student_id":)" + student + R"(,"concerns":"mood"})", "/concerns");
    bad(R"({"student_id":)" + student + R"(,"concerns":["sad"]})", "/concerns/0");
    bad(R"({"student_id":)" + student + R"(,"concerns":[]})", "/concerns");
    bad(R"({"student_id":)" + student + R"(,"concerns":["mood"],"danger_now":"yes"})", "/danger_now");
    bad(R"({"student_id":)" + student + R"(,"concerns":["mood"],"level":"I"})", "/level");
    EXPECT_EQ(Send("POST", "/api/v1/signals", "{").status, 400);
    EXPECT_EQ(Send("POST", "/api/v1/signals", R"({"student_id":999999,"concerns":["mood"]})").status, 404);
    EXPECT_EQ(count("SELECT COUNT(*) FROM signals"), signals_before + 1);
    // No name or note in any error message or in the audit entry.
    EXPECT_EQ(testing::AllText(t_->db(), "audit_log").find("一个人"), std::string::npos);
}

}  // namespace
}  // namespace xinqiao::http

namespace xinqiao::http {
namespace {

// Students and guardians get in with codes a class teacher hands out; what they see afterwards.
TEST_F(ApiDemoTest, ClassCodeSheetsAndInvitationsLetStudentsAndGuardiansIn) {
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const auto first = Json(Send("GET", "/api/v1/org-units/" + std::to_string(city) + "/students",
                                 "", {{"page_size", "1"}}))
                           .at("items").as_array()[0].as_object();
    const auto class_id = first.at("class_id").as_int64();
    const auto student_id = first.at("id").as_int64();

    // The bureau may not print a class's codes; the class teacher may, once per request.
    EXPECT_EQ(Send("POST", "/api/v1/org-units/" + std::to_string(class_id) + "/sign-in-codes").status, 403);
    SignInAs("test.class.teacher", core::auth::Role::kClassTeacher, class_id);
    EXPECT_EQ(Send("POST", "/api/v1/org-units/" + std::to_string(class_id) + "/sign-in-codes",
                   R"({"student_ids":[0]})").status, 400);
    const auto sheet = Send("POST", "/api/v1/org-units/" + std::to_string(class_id) + "/sign-in-codes");
    ASSERT_EQ(sheet.status, 200) << sheet.body;
    const auto codes = Json(sheet).at("codes").as_array();
    ASSERT_FALSE(codes.empty());
    const auto& mine = codes[0].as_object();
    const auto invitation = Send("POST", "/api/v1/students/" + std::to_string(student_id) + "/guardian-invitations");
    ASSERT_EQ(invitation.status, 201) << invitation.body;
    const std::string invite_code(Json(invitation).at("code").as_string());

    // The student signs in with number and code and sees only themself.
    token_.clear();
    csrf_.clear();
    const auto student = Send("POST", "/api/v1/session",
                              R"({"student_number":")" + std::string(mine.at("student_number").as_string()) +
                                  R"(","code":")" + std::string(mine.at("code").as_string()) + "\"}");
    ASSERT_EQ(student.status, 200) << student.body;
    const std::string cookie = student.headers[0].second;
    token_ = cookie.substr(11, cookie.find(';') - 11);
    const auto me = Json(Send("GET", "/api/v1/me/students")).at("items").as_array();
    ASSERT_EQ(me.size(), 1u);
    EXPECT_EQ(me[0].at("id").as_int64(), mine.at("student_id").as_int64());
    EXPECT_EQ(Send("GET", "/api/v1/org-units/" + std::to_string(class_id) + "/students").status, 404);

    // The guardian redeems the invitation without a session and is signed in as a guardian.
    token_.clear();
    const auto redeem = Send("POST", "/api/v1/guardian-invitations/redeem",
                             R"({"code":")" + invite_code +
                                 R"(","login":"parent.one","password":"parent password 1","display_name":"家长"})");
    ASSERT_EQ(redeem.status, 200) << redeem.body;
    EXPECT_EQ(Json(redeem).at("grants").as_array()[0].at("role").as_string(), "guardian");
    const std::string guardian_cookie = redeem.headers[0].second;
    token_ = guardian_cookie.substr(11, guardian_cookie.find(';') - 11);
    const auto child = Send("GET", "/api/v1/students/" + std::to_string(student_id));
    ASSERT_EQ(child.status, 200) << child.body;
    EXPECT_EQ(Json(child).at("your_relations").as_array()[0].as_string(), "child");
    EXPECT_EQ(Json(child).at("notes_access").as_string(), "none");
    token_.clear();
    EXPECT_EQ(Send("POST", "/api/v1/guardian-invitations/redeem",
                   R"({"code":")" + invite_code + R"(","login":"parent.two","password":"parent password 2"})")
                  .status, 401);
}

TEST_F(ApiDemoTest, ABureauCampaignIsAnsweredOnceByAStudentWhoSeesNoScores) {
    const std::string bureau_token = token_, bureau_csrf = csrf_;
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const std::string window = R"(,"opens_on":"2026-11-22","closes_on":"2026-12-06")";
    // Malformed fields are named.
    auto bad = Send("POST", "/api/v1/campaigns",
                    R"({"org_unit_id":)" + std::to_string(city) +
                        R"(,"name":"秋季测评","grades":[7,8,9],"instruments":["phq9"],"opens_on":"2026-13-01","closes_on":"2026-12-06"})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Json(bad).at("field").as_string(), "/opens_on");
    bad = Send("POST", "/api/v1/campaigns",
               R"({"org_unit_id":)" + std::to_string(city) + R"(,"name":"秋季测评","grades":"7","instruments":["phq9"])" + window + "}");
    EXPECT_EQ(Json(bad).at("field").as_string(), "/grades");
    bad = Send("POST", "/api/v1/campaigns",
               R"({"org_unit_id":)" + std::to_string(city) + R"(,"name":"秋季测评","grades":[7],"instruments":["phq9"],"colour":1)" + window + "}");
    EXPECT_EQ(Json(bad).at("field").as_string(), "/colour");
    EXPECT_EQ(Send("GET", "/api/v1/campaigns").body, R"({"items":[]})");

    // PHQ-9 and GAD-7 are meant for ages 12 and up: not for 四年级.
    const auto young = Send("POST", "/api/v1/campaigns",
                            R"({"org_unit_id":)" + std::to_string(city) +
                                R"(,"name":"秋季测评","grades":[4,5,6,7,8,9,10,11,12],"instruments":["phq9","gad7"])" +
                                window + "}");
    EXPECT_EQ(young.status, 400);
    EXPECT_EQ(Json(young).at("field").as_string(), "/grades");
    EXPECT_EQ(Json(young).at("detail").as_string(), "PHQ-9 is meant for ages 12 and up; students of 四年级 are about 9");
    EXPECT_EQ(Send("GET", "/api/v1/campaigns").body, R"({"items":[]})");
    const auto created = Send("POST", "/api/v1/campaigns",
                              R"({"org_unit_id":)" + std::to_string(city) +
                                  R"(,"name":"秋季测评","grades":[7,8,9,10,11,12],"instruments":["phq9","gad7"])" +
                                  window + "}");
    ASSERT_EQ(created.status, 201) << created.body;
    const auto campaign = Json(created);
    const auto cid = campaign.at("id").as_int64();
    EXPECT_EQ(campaign.at("phase").as_string(), "open");
    EXPECT_EQ(campaign.at("closes_on").as_string(), "2026-12-06");
    EXPECT_EQ(campaign.at("grades").as_array()[0].at("name").as_string(), "七年级");

    // A class teacher of a class with assignments prints the codes; a student signs in.
    const auto grades = Json(Send("GET", "/api/v1/org-units/search", "", {{"q", "七年级"}})).at("items").as_array();
    ASSERT_FALSE(grades.empty()) << "the demo region has a 七年级";
    const auto first = Json(Send("GET", "/api/v1/org-units/" + std::to_string(city) + "/students", "",
                                 {{"page_size", "1"}, {"grade", std::to_string(grades[0].at("id").as_int64())}}));
    ASSERT_FALSE(first.at("items").as_array().empty());
    const auto class_id = first.at("items").as_array()[0].at("class_id").as_int64();
    SignInAs("test.class.teacher", core::auth::Role::kClassTeacher, class_id);
    const auto sheet = Json(Send("POST", "/api/v1/org-units/" + std::to_string(class_id) + "/sign-in-codes"));
    const auto& code = sheet.at("codes").as_array()[0].as_object();
    token_.clear();
    csrf_.clear();
    const auto signed_in = Send("POST", "/api/v1/session",
                                R"({"student_number":")" + std::string(code.at("student_number").as_string()) +
                                    R"(","code":")" + std::string(code.at("code").as_string()) + "\"}");
    ASSERT_EQ(signed_in.status, 200) << signed_in.body;
    token_ = signed_in.headers[0].second.substr(11, signed_in.headers[0].second.find(';') - 11);
    csrf_ = std::string(Json(signed_in).at("csrf_token").as_string());

    const auto mine = Json(Send("GET", "/api/v1/me/assignments")).at("items").as_array();
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_TRUE(mine[0].at("available").as_bool());
    const auto aid = std::to_string(mine[0].at("id").as_int64());
    const auto opened = Send("GET", "/api/v1/assignments/" + aid);
    ASSERT_EQ(opened.status, 200) << opened.body;
    for (const char* word : {"band", "level", "total", "reason", "escalate"}) {
        EXPECT_EQ(opened.body.find(word), std::string::npos) << word << " must not reach a student";
    }
    const auto q = Json(opened);
    const auto& phq = q.at("instruments").as_array()[0].as_object();
    EXPECT_EQ(phq.at("id").as_string(), "phq9");
    EXPECT_TRUE(phq.at("items").as_array()[8].as_object().contains("care_if"));
    EXPECT_FALSE(phq.at("items").as_array()[0].as_object().contains("care_if"));
    EXPECT_NE(phq.at("name").at("zh").as_string(), "");

    const std::string answers =
        R"({"phq9":[0,0,0,0,0,0,0,0,1,0],"gad7":[0,0,0,0,0,0,0,null]})";
    auto r = Send("PUT", "/api/v1/assignments/" + aid + "/draft", R"({"based_on":0,"answers":{"phq9":[0,"x"]}})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(Json(r).at("field").as_string(), "/answers/phq9/1");
    r = Send("PUT", "/api/v1/assignments/" + aid + "/draft", R"({"based_on":0,"answers":)" + answers + "}");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Json(r).at("care").as_bool(), true);
    r = Send("PUT", "/api/v1/assignments/" + aid + "/draft", R"({"based_on":0,"answers":)" + answers + "}");
    EXPECT_EQ(r.status, 409);
    const std::string submission = R"({"idempotency_key":"k-20261122-0001","answers":)" + answers + "}";
    r = Send("POST", "/api/v1/assignments/" + aid + "/submission", submission);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, R"({"version":1,"care":true})");
    r = Send("POST", "/api/v1/assignments/" + aid + "/submission", submission);
    EXPECT_EQ(r.status, 200) << "a retried submission answers as the first";
    r = Send("POST", "/api/v1/assignments/" + aid + "/submission",
             R"({"idempotency_key":"k-20261122-0002","answers":)" + answers + "}");
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(Send("GET", "/api/v1/assignments/" + aid + "/result").status, 403);

    // The bureau sees the city's counters with the one level II cell suppressed.
    token_ = bureau_token;
    csrf_ = bureau_csrf;
    const auto progress = Send("GET", "/api/v1/campaigns/" + std::to_string(cid) + "/progress");
    ASSERT_EQ(progress.status, 200) << progress.body;
    const auto unit = Json(progress).at("unit").as_object();
    EXPECT_EQ(unit.at("completed").as_int64(), 1);
    EXPECT_EQ(unit.at("levels").at("II").as_string(), "<5");
    EXPECT_GT(unit.at("invited").as_int64(), 100);
    EXPECT_EQ(Send("GET", "/api/v1/campaigns/" + std::to_string(cid) + "/progress", "", {{"unit", "x"}}).status, 400);
    EXPECT_EQ(Send("GET", "/api/v1/campaigns/999999").status, 404);
}

TEST_F(ApiDemoTest, BreakGlassReadsAreFlaggedToAuditors) {
    const auto city = Json(Send("GET", "/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const auto student_id = Json(Send("GET", "/api/v1/org-units/" + std::to_string(city) + "/students", "",
                                      {{"page_size", "1"}}))
                                .at("items").as_array()[0].at("id").as_int64();
    const std::string notes = "/api/v1/students/" + std::to_string(student_id) + "/notes";
    const auto denied = Send("GET", notes);
    EXPECT_EQ(denied.status, 403);
    EXPECT_NE(denied.body.find("break-glass"), std::string::npos);
    EXPECT_EQ(Send("POST", notes + "/break-glass", R"({"reason":1})").status, 400);
    EXPECT_EQ(Send("POST", notes + "/break-glass", R"({"reason":"县中心核实一起求助来电"})").status, 200);

    SignInAs("test.auditor", core::auth::Role::kAuditor, city);
    const auto flagged = Json(Send("GET", "/api/v1/audit", "", {{"break_glass", "true"}})).at("items").as_array();
    ASSERT_EQ(flagged.size(), 1u);
    EXPECT_EQ(flagged[0].at("action").as_string(), "student.notes.break_glass");
    EXPECT_EQ(flagged[0].at("reason").as_string(), "县中心核实一起求助来电");
    const auto about = Json(Send("GET", "/api/v1/audit", "", {{"student", std::to_string(student_id)}}));
    EXPECT_EQ(about.at("total").as_int64(), 1);
    EXPECT_EQ(Send("GET", "/api/v1/audit", "", {{"student", "1"}, {"target_type", "org_unit"}}).status, 400);
}

}  // namespace
}  // namespace xinqiao::http
