// Drives the real `xinqiao` binary over TCP on 127.0.0.1 against SQLite and PostgreSQL:
// what a client sees when it behaves and when it does not.

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "http_client.hpp"
#include "service/auth_service.hpp"
#include "store/crypto/password.hpp"
#include "store/crypto/totp.hpp"
#include "store/data_store.hpp"
#include "store/org_repository.hpp"
#include "support/fake_clock.hpp"
#include "support/test_auth.hpp"
#include "support/test_db.hpp"
#include "support/xlsx_builder.hpp"

namespace xinqiao::testing {
namespace {

const std::string kBinary = XINQIAO_BINARY;
// Cheap password hashing for tests; production parameters are measured in bench/.
const std::vector<std::string> kFastHashing = {"--argon2-memory-kib", "1024", "--argon2-iterations", "1"};
constexpr const char* kPassword = "integration password";

struct Admin {
    std::int64_t province = 0;
    std::string totp_secret;
    std::vector<std::string> recovery_codes;
};

// Creates a province and an account administering it (with two-factor sign-in, which admins
// need), directly in `db`.
Admin MakeAdmin(TestDatabase& db, const std::string& login) {
    std::int64_t province = 0;
    EXPECT_TRUE(db.db().Transact(store::TxMode::kWrite, [&](store::Session& s) -> core::Status {
        store::SqlOrgRepository repo(s);
        XINQIAO_ASSIGN_OR_RETURN(const auto unit, repo.Create({std::nullopt, core::org::OrgKind::kProvince, "某省", "",
                                                               std::nullopt, false}, nullptr));
        province = unit.id;
        return core::Ok();
    }));
    TestAuth accounts(db.db());
    auto& auth = accounts.auth;
    const auto& op = accounts.op;
    EXPECT_TRUE(auth.CreateAccount(op, login, "测试管理员", kPassword));
    EXPECT_TRUE(auth.GrantRole(op, login, core::auth::Role::kAdmin, province));
    const auto enrolled = auth.EnrollTwoFactor(op, login);
    EXPECT_TRUE(enrolled);
    return {province, enrolled ? enrolled->secret : "", enrolled ? enrolled->recovery_codes : std::vector<std::string>{}};
}

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Signs in over HTTP; returns the headers later requests need (cookie and CSRF token).
// `second_factor` is a TOTP code or recovery code, or "".
std::string SignIn(int port, const std::string& login, const std::string& password,
                   const std::string& second_factor = "") {
    const std::string totp = second_factor.empty() ? "" : R"(,"totp":")" + second_factor + "\"";
    const auto r = Fetch(port, "POST", "/api/v1/session",
                         R"({"login":")" + login + R"(","password":")" + password + "\"" + totp + "}");
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    if (!r || r->status != 200) return {};
    const std::string cookie = r->Header("set-cookie");
    const std::string csrf(boost::json::parse(r->body).at("csrf_token").as_string());
    return "Cookie: " + cookie.substr(0, cookie.find(';')) + "\r\nX-CSRF-Token: " + csrf + "\r\n";
}

boost::json::object Json(const HttpReply& r) { return boost::json::parse(r.body).as_object(); }

class ServerTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        XINQIAO_OPEN_TEST_DB(db_, GetParam());
        dir_ = MakeTempDir();
        access_log_ = dir_ + "/access.log";
    }

    void Start(std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--db", db_->url(), "--access-log", access_log_,
                                         "--workers", "2", "--key-file", key_file_};
        args.insert(args.end(), kFastHashing.begin(), kFastHashing.end());
        args.insert(args.end(), extra.begin(), extra.end());
        server_ = std::make_unique<ServerProcess>(kBinary, args);
        ASSERT_GT(server_->port(), 0);
    }

    void LoadDemo(int students = 2000) {
        std::string out;
        std::vector<std::string> args = {"demo", "--db", db_->url(), "--students", std::to_string(students), "--seed",
                                         "5", "--accounts-file", dir_ + "/accounts.txt", "--key-file", key_file_};
        args.insert(args.end(), kFastHashing.begin(), kFastHashing.end());
        ASSERT_EQ(RunCommand(kBinary, args, &out), 0) << out;
    }

    // Column `column` (1 = password, 4 = TOTP secret) of demo account `login` in the accounts file.
    std::string DemoAccountField(const std::string& login, int column) {
        std::ifstream f(dir_ + "/accounts.txt");
        std::string line;
        while (std::getline(f, line)) {
            if (line.rfind(login + "\t", 0) != 0) continue;
            std::stringstream fields(line);
            std::string field;
            for (int i = 0; i <= column && std::getline(fields, field, '\t'); ++i) {
            }
            return field;
        }
        return {};
    }

    // Starts the server with an administrator signed in over HTTP.
    void StartSignedIn(std::vector<std::string> extra = {}) {
        admin_ = MakeAdmin(*db_, "test.admin");
        province_ = admin_.province;
        Start(std::move(extra));
        auth_ = SignIn(port(), "test.admin", kPassword, TotpCodeAt(admin_.totp_secret, NowMs()));
        ASSERT_FALSE(auth_.empty());
    }

    std::optional<HttpReply> Call(const std::string& method, const std::string& target, const std::string& body = "") {
        return Fetch(port(), method, target, body, auth_);
    }
    std::optional<HttpReply> Get(const std::string& target) { return Fetch(port(), "GET", target, "", auth_); }
    int port() const { return server_->port(); }

    // Cities under the test province.
    std::size_t CountCities() {
        const auto r = Get("/api/v1/org-units/" + std::to_string(province_) + "/children");
        return r && r->status == 200 ? Json(*r).at("items").as_array().size() : 999;
    }
    std::string City(const std::string& name) const {
        return R"({"kind":"city","name":")" + name + R"(","parent_id":)" + std::to_string(province_) + "}";
    }

    // 青溪市 > 明湖区 > 明湖一中 (junior) > 七年级 > 1班 under the test province, made over HTTP.
    struct SchoolIds {
        std::int64_t county = 0, school = 0;
    };
    SchoolIds MakeSchoolOverHttp() {
        const auto post = [&](const std::string& body) {
            const auto r = Call("POST", "/api/v1/org-units", body);
            EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "");
            return r ? Json(*r).at("id").as_int64() : 0;
        };
        const auto under = [](std::int64_t parent) { return R"(,"parent_id":)" + std::to_string(parent) + "}"; };
        const auto city = post(City("青溪市"));
        const auto county = post(R"({"kind":"county","name":"明湖区")" + under(city));
        const auto school = post(R"({"kind":"school","stage":"junior","name":"明湖一中")" + under(county));
        const auto grade = post(R"({"kind":"grade","name":"七年级")" + under(school));
        post(R"({"kind":"class","name":"1班")" + under(grade));
        return {county, school};
    }

    std::string ReadAccessLog() {
        std::ifstream f(access_log_);
        std::stringstream ss;
        ss << f.rdbuf();
        return ss.str();
    }

    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<ServerProcess> server_;
    std::string key_file_ = TestKeyFile();
    std::string dir_;
    std::string access_log_;
    std::string auth_;
    Admin admin_;
    std::int64_t province_ = 0;
};

TEST_P(ServerTest, HealthReadinessAndRequestIds) {
    Start();
    const auto h = Get("/healthz");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->status, 200);
    EXPECT_FALSE(h->Header("x-request-id").empty());
    const auto ready = Fetch(port(), "GET", "/readyz", "", "X-Request-Id: trace-abc.1\r\n");
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->status, 200);
    EXPECT_EQ(ready->Header("x-request-id"), "trace-abc.1");
    EXPECT_EQ(ready->Header("cache-control"), "no-store");
}

TEST_P(ServerTest, MalformedJsonIs400AndChangesNothing) {
    StartSignedIn();
    const auto r = Call("POST", "/api/v1/org-units", R"({"kind":"city","name":)");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(r->Header("content-type"), "application/problem+json");
    EXPECT_EQ(Json(*r).at("request_id").as_string(), r->Header("x-request-id"));
    EXPECT_EQ(CountCities(), 0u);
}

TEST_P(ServerTest, WrongTypesNameTheFieldAndChangeNothing) {
    StartSignedIn();
    const auto r = Call("POST", "/api/v1/org-units", R"({"kind":"city","name":"x","is_boarding":1})");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(Json(*r).at("field").as_string(), "/is_boarding");
    EXPECT_EQ(CountCities(), 0u);
    const auto ok = Call("POST", "/api/v1/org-units", City("青溪市"));
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 201);
    EXPECT_EQ(CountCities(), 1u);
}

TEST_P(ServerTest, SessionsOverTheWire) {
    StartSignedIn();
    const auto anonymous = Fetch(port(), "GET", "/api/v1/org-units");
    ASSERT_TRUE(anonymous);
    EXPECT_EQ(anonymous->status, 401);
    // The TOTP code was used by StartSignedIn in this time step; a recovery code signs in again.
    const auto r = Fetch(port(), "POST", "/api/v1/session",
                         R"({"login":"test.admin","password":")" + std::string(kPassword) + R"(","totp":")" +
                             admin_.recovery_codes[0] + R"("})");
    ASSERT_TRUE(r);
    const std::string cookie = r->Header("set-cookie");
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(cookie.find("Path=/"), std::string::npos);
    const std::string cookie_only = "Cookie: " + cookie.substr(0, cookie.find(';')) + "\r\n";
    const auto no_csrf = Fetch(port(), "POST", "/api/v1/org-units", City("甲市"), cookie_only);
    ASSERT_TRUE(no_csrf);
    EXPECT_EQ(no_csrf->status, 403);
    EXPECT_EQ(CountCities(), 0u);
    const auto out = Call("DELETE", "/api/v1/session");
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, 204);
    const auto after = Get("/api/v1/session");
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 401);
}

TEST_P(ServerTest, OversizeBodyIs413BeforeTheBodyIsRead) {
    StartSignedIn({"--body-limit-bytes", "2048"});
    Connection c(port());
    ASSERT_TRUE(c.ok());
    const std::string body = R"({"kind":"city","name":")" + std::string(100000, 'x') + "\"}";
    ASSERT_TRUE(c.Send("POST /api/v1/org-units HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n\r\n"));
    c.Send(body);  // the server may stop reading; what matters is its answer
    const auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(r->Header("content-type"), "application/problem+json");
    EXPECT_EQ(CountCities(), 0u);
}

TEST_P(ServerTest, OversizeHeadersAre431) {
    Start({"--header-limit-bytes", "2048"});
    const auto r = Fetch(port(), "GET", "/healthz", "", "X-Padding: " + std::string(8000, 'a') + "\r\n");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 431);
}

TEST_P(ServerTest, UnknownRoutesAndIdsAre404ProblemJson) {
    StartSignedIn();
    for (const std::string target : {"/nothing/here", "/api/v1/org-units/424242", "/api/v1/org-units/424242/students",
                                     "/api/v1/org-units/x/children"}) {
        const auto r = Get(target);
        ASSERT_TRUE(r) << target;
        EXPECT_EQ(r->status, 404) << target;
        EXPECT_EQ(r->Header("content-type"), "application/problem+json") << target;
    }
    const auto r = Call("DELETE", "/api/v1/org-units/1");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 405);
    EXPECT_EQ(r->Header("allow"), "GET, PATCH");
}

TEST_P(ServerTest, MalformedHttpIs400) {
    Start();
    Connection c(port());
    ASSERT_TRUE(c.Send("THIS IS NOT HTTP\r\n\r\n"));
    const auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    const auto bad_escape = Get("/api/v1/org-units/%zz");
    ASSERT_TRUE(bad_escape);
    EXPECT_EQ(bad_escape->status, 400);
}

TEST_P(ServerTest, SlowClientTimesOutWithoutHoldingUpOthers) {
    Start({"--request-timeout-ms", "300"});
    Connection slow(port());
    ASSERT_TRUE(slow.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n"));  // never finishes its headers
    // Others are served meanwhile.
    const auto other = Get("/healthz");
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 200);
    const auto r = slow.Read();
    ASSERT_TRUE(r) << "the server answers a request that does not arrive in time";
    EXPECT_EQ(r->status, 408);
    EXPECT_TRUE(slow.ClosedByServer());
}

TEST_P(ServerTest, IdleKeepAliveConnectionsAreClosed) {
    Start({"--idle-timeout-ms", "200"});
    Connection c(port());
    ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(c.Read());
    ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));  // keep-alive works
    ASSERT_TRUE(c.Read());
    EXPECT_TRUE(c.ClosedByServer());
}

// Counts sealed values in the database that are not under key `key_id`.
std::int64_t ValuesNotUnderKey(TestDatabase& db, int key_id) {
    std::int64_t n = 0;
    EXPECT_TRUE(db.db().Transact(store::TxMode::kRead, [&](store::Session& s) -> core::Status {
        for (const auto& [table, column] : std::vector<std::pair<std::string, std::string>>{
                 {"students", "id_number_enc"}, {"guardians", "phone_enc"}, {"staff_members", "phone_enc"},
                 {"accounts", "totp_secret_enc"}, {"student_notes", "body_enc"}}) {
            XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT COUNT(*) FROM " + table + " WHERE " + column +
                                                          " <> '' AND " + column + " NOT LIKE $1",
                                                      {"v1:" + std::to_string(key_id) + ":%"}));
            n += rs.Int();
        }
        return core::Ok();
    }));
    return n;
}

TEST_P(ServerTest, KeysRotateWhileServing) {
    // A private copy of the key file: rotation rewrites it.
    key_file_ = dir_ + "/rotating.key";
    {
        std::ifstream in(TestKeyFile());
        std::ofstream out(key_file_);
        out << in.rdbuf();
    }
    ASSERT_EQ(::chmod(key_file_.c_str(), 0600), 0);
    LoadDemo(3000);
    Start();
    auth_ = SignIn(port(), "demo.psych", DemoAccountField("demo.psych", 1),
                   TotpCodeAt(DemoAccountField("demo.psych", 4), NowMs()));
    ASSERT_FALSE(auth_.empty());
    const auto school = Json(*Get("/api/v1/org-units")).at("items").as_array()[0].at("id").as_int64();
    const std::string list = "/api/v1/org-units/" + std::to_string(school) + "/students?page_size=100";
    const auto student = Json(*Get(list)).at("items").as_array()[0].at("id").as_int64();
    const std::string notes = "/api/v1/students/" + std::to_string(student) + "/notes";
    ASSERT_EQ(Call("POST", notes, R"({"body":"轮换前的记录"})")->status, 201);
    EXPECT_GT(ValuesNotUnderKey(*db_, 2), 3000);

    // Readers keep reading (ID numbers, phones, notes are opened on every request) while the
    // operator rotates.
    std::atomic<bool> done{false};
    std::atomic<int> reads{0}, failures{0};
    std::thread reader([&] {
        while (!done) {
            const auto a = Get(list);
            const auto b = Get(notes);
            ++reads;
            if (!a || a->status != 200 || !b || b->status != 200) ++failures;
        }
    });
    std::string out;
    const int rc = RunCommand(kBinary, {"admin", "rotate-key", "--db", db_->url(), "--key-file", key_file_,
                                        "--batch-size", "200"}, &out);
    done = true;
    reader.join();
    ASSERT_EQ(rc, 0) << out;
    EXPECT_NE(out.find("key 2 active"), std::string::npos) << out;
    EXPECT_GT(reads.load(), 0);
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(ValuesNotUnderKey(*db_, 2), 0);

    // The server seals new values with the new key and still opens the old ones.
    ASSERT_EQ(Call("POST", notes, R"({"body":"轮换后的记录"})")->status, 201);
    EXPECT_EQ(ValuesNotUnderKey(*db_, 2), 0);
    const auto read = Get(notes);
    ASSERT_EQ(read->status, 200);
    EXPECT_EQ(Json(*read).at("items").as_array().size(), 2u);
    EXPECT_EQ(RunCommand(kBinary, {"audit", "verify", "--db", db_->url(), "--key-file", key_file_}, &out), 0) << out;
}

TEST_P(ServerTest, TheDemoStudentAndGuardianSignIn) {
    LoadDemo();
    Start();
    // The student line holds the student number and the printed code.
    std::ifstream f(dir_ + "/accounts.txt");
    std::string line, number, code;
    while (std::getline(f, line)) {
        if (line.find("\tstudent\t") == std::string::npos) continue;
        number = line.substr(0, line.find('\t'));
        code = line.substr(number.size() + 1, line.find('\t', number.size() + 1) - number.size() - 1);
    }
    ASSERT_FALSE(code.empty());
    const auto student = Fetch(port(), "POST", "/api/v1/session",
                               R"({"student_number":")" + number + R"(","code":")" + code + "\"}");
    ASSERT_TRUE(student && student->status == 200) << (student ? student->body : "");
    const std::string cookie = student->Header("set-cookie");
    const auto mine = Fetch(port(), "GET", "/api/v1/me/students", "", "Cookie: " + cookie.substr(0, cookie.find(';')) + "\r\n");
    ASSERT_TRUE(mine && mine->status == 200);
    const auto items = Json(*mine).at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].at("student_number").as_string(), number);

    auth_ = SignIn(port(), "demo.guardian", DemoAccountField("demo.guardian", 1));
    ASSERT_FALSE(auth_.empty());
    const auto children = Json(*Get("/api/v1/me/students")).at("items").as_array();
    ASSERT_EQ(children.size(), 1u);
    EXPECT_EQ(children[0].at("student_number").as_string(), number);
}

TEST_P(ServerTest, ListsACountysStudentsWithPagingAndFilters) {
    LoadDemo();
    Start();
    auth_ = SignIn(port(), "demo.bureau", DemoAccountField("demo.bureau", 1),
                   TotpCodeAt(DemoAccountField("demo.bureau", 4), NowMs()));
    ASSERT_FALSE(auth_.empty());
    const auto roots = Json(*Get("/api/v1/org-units"));
    ASSERT_EQ(roots.at("items").as_array().size(), 1u) << "the bureau sees its county";
    const auto county = roots.at("items").as_array()[0].at("id").as_int64();
    EXPECT_EQ(roots.at("items").as_array()[0].at("kind").as_string(), "county");
    const auto page = Get("/api/v1/org-units/" + std::to_string(county) + "/students?page=2&page_size=25&sort=-name");
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200) << page->body;
    const auto o = Json(*page);
    EXPECT_EQ(o.at("items").as_array().size(), 25u);
    EXPECT_GT(o.at("total").as_int64(), 100);
    for (const auto& item : o.at("items").as_array()) EXPECT_EQ(item.at("county_id").as_int64(), county);

    const auto bad = Get("/api/v1/org-units/" + std::to_string(county) + "/students?page_size=abc");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400);
    EXPECT_EQ(Json(*bad).at("field").as_string(), "page_size");

    // The access log records routes, never the names it served or the query string.
    const auto first_name = std::string(o.at("items").as_array()[0].at("name").as_string());
    (void)Fetch(port(), "GET", "/metrics");
    const std::string log = ReadAccessLog();
    EXPECT_NE(log.find("/api/v1/org-units/{id}/students"), std::string::npos);
    EXPECT_EQ(log.find(first_name), std::string::npos);
    EXPECT_EQ(log.find("page_size"), std::string::npos);
    EXPECT_EQ(log.find(std::to_string(county) + "/students"), std::string::npos);

    const auto metrics = Get("/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_NE(metrics->body.find("xinqiao_http_requests_total{route=\"/api/v1/org-units/{id}/students\",method=\"GET\",status=\"200\"} 1"),
              std::string::npos)
        << metrics->body;
    EXPECT_NE(metrics->body.find("xinqiao_db_pool_acquisitions_total"), std::string::npos);
}

TEST_P(ServerTest, SigtermFinishesInFlightRequestsThenExitsZero) {
    StartSignedIn();
    Connection idle(port());
    ASSERT_TRUE(idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(idle.Read());
    Connection in_flight(port());
    ASSERT_TRUE(in_flight.Send("POST /api/v1/org-units HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + auth_));
    // Make sure the server has both connections before the signal: a full exchange on a third
    // connection is answered only after the earlier bytes were accepted.
    ASSERT_TRUE(Get("/healthz"));

    ::kill(server_->pid(), SIGTERM);
    EXPECT_TRUE(idle.ClosedByServer()) << "idle keep-alive connections are closed at once";
    const std::string body = City("青溪市");
    ASSERT_TRUE(in_flight.Send("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body));
    const auto r = in_flight.Read();
    ASSERT_TRUE(r) << "a request in flight is still answered";
    EXPECT_EQ(r->status, 201);
    EXPECT_EQ(r->Header("connection"), "close");
    EXPECT_EQ(server_->Wait(), 0);

    // The acknowledged write is there after restart (sessions survive restarts too).
    Start();
    EXPECT_EQ(CountCities(), 1u);
}

TEST_P(ServerTest, AcknowledgedWritesSurviveSigkill) {
    StartSignedIn();
    for (int i = 0; i < 20; ++i) {
        const auto r = Call("POST", "/api/v1/org-units", City("市" + std::to_string(i)));
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 201);
    }
    EXPECT_EQ(server_->StopWith(SIGKILL), 128 + SIGKILL);
    Start();
    EXPECT_EQ(CountCities(), 20u);
}

TEST_P(ServerTest, ImportsARosterOverHttp) {
    StartSignedIn();
    const auto school = MakeSchoolOverHttp().school;
    const std::string csv =
        "姓名,性别,出生日期,学籍号,年级,班级,监护人,监护人电话\n林晓,女,2014-03-08,S1,七年级,1班,林大山,13812345678\n"
        "王五,男,2014-13-01,S2,七年级,1班,,\n";
    const std::string target = "/api/v1/org-units/" + std::to_string(school) + "/students/import";
    const auto send = [&](const std::string& query) {
        return Fetch(port(), "POST", target + query, csv, auth_ + "Content-Type: text/csv\r\n");
    };
    auto r = send("?dry_run=true");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(Json(*r).at("created").as_int64(), 1);
    EXPECT_EQ(Json(*r).at("problems").as_array().size(), 1u);
    r = send("");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    const auto report = Json(*r);
    EXPECT_EQ(report.at("created").as_int64(), 1);
    EXPECT_EQ(report.at("guardians_added").as_int64(), 1);
    const auto& problem = report.at("problems").as_array()[0];
    EXPECT_EQ(problem.at("line").as_int64(), 3);
    EXPECT_EQ(problem.at("column").as_string(), "出生日期");
    r = send("");
    EXPECT_EQ(Json(*r).at("unchanged").as_int64(), 1) << "importing again changes nothing";
    const auto wrong_type = Fetch(port(), "POST", target, csv, auth_ + "Content-Type: application/json\r\n");
    ASSERT_TRUE(wrong_type);
    EXPECT_EQ(wrong_type->status, 415);

    // The same roster as an Excel workbook, one student added: over HTTP, then with the CLI.
    const std::vector<std::vector<std::string>> sheet = {
        {"姓名", "性别", "出生日期", "学籍号", "年级", "班级", "监护人", "监护人电话"},
        {"林晓", "女", "2014-03-08", "S1", "七年级", "1班", "林大山", "13812345678"},
        {"赵六", "男", "2014-05-01", "S3", "七年级", "1班", "", ""}};
    const std::string book = BuildWorkbook(sheet);
    r = Fetch(port(), "POST", target, book,
              auth_ + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(Json(*r).at("created").as_int64(), 1);
    EXPECT_EQ(Json(*r).at("unchanged").as_int64(), 1);
    r = Fetch(port(), "POST", target, book.substr(0, 100),
              auth_ + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << r->body;
    EXPECT_NE(r->body.find("not a complete .xlsx workbook"), std::string::npos) << r->body;

    const std::string dir = MakeTempDir();
    auto more = sheet;
    more.push_back({"钱七", "男", "2014-06-01", "S4", "七年级", "1班", "", ""});
    more.push_back({"孙八", "男", "2014-06-01", "S5", "九年级", "1班", "", ""});
    std::ofstream(dir + "/名单.xlsx", std::ios::binary) << BuildWorkbook(more);
    std::string out;
    EXPECT_EQ(RunCommand(kBinary, {"import", "students", dir + "/名单.xlsx", "--school", std::to_string(school), "--db",
                                   db_->url(), "--key-file", key_file_},
                         &out),
              1)
        << "a row with a problem makes the exit status 1: " << out;
    EXPECT_NE(out.find("4 rows: 1 new, 0 updated, 2 unchanged"), std::string::npos) << out;
    EXPECT_NE(out.find("line 5, 年级"), std::string::npos) << out;
    std::filesystem::remove_all(dir);
}

TEST_P(ServerTest, StaffFromAListActivateAndSignIn) {
    StartSignedIn();
    const auto county = MakeSchoolOverHttp().county;
    const std::string book = BuildWorkbook({{"姓名", "工号", "角色", "所属单位", "手机号"},
                                            {"林老师", "T001", "心理教师", "明湖一中", "13800001111"},
                                            {"王老师", "T002", "班主任", "明湖一中/七年级/1班", ""},
                                            {"赵老师", "T003", "班主任", "明湖一中", ""}});
    const std::string target = "/api/v1/org-units/" + std::to_string(county) + "/staff/import";
    const std::string xlsx = auth_ + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n";
    auto r = Fetch(port(), "POST", target + "?dry_run=true", book, xlsx);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(Json(*r).at("created").as_int64(), 2);
    EXPECT_TRUE(Json(*r).at("activations").as_array().empty());
    r = Fetch(port(), "POST", target, book, xlsx);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->Header("cache-control"), "no-store");
    const auto report = Json(*r);
    ASSERT_EQ(report.at("problems").as_array().size(), 1u);
    EXPECT_EQ(report.at("problems").as_array()[0].at("line").as_int64(), 4);
    const auto& activations = report.at("activations").as_array();
    ASSERT_EQ(activations.size(), 2u);
    const std::string lin_code(activations[0].at("code").as_string());

    // The psychology teacher activates: password chosen, authenticator set up, signed in.
    r = Fetch(port(), "POST", "/api/v1/staff-activations/redeem",
              R"({"login":"T001","code":")" + lin_code + R"(","password":"a-long-password"})");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_NE(r->Header("set-cookie").find("HttpOnly"), std::string::npos);
    const std::string secret(Json(*r).at("two_factor").at("secret").as_string());
    EXPECT_EQ(Json(*r).at("grants").as_array()[0].at("role").as_string(), "psychology_teacher");
    r = Fetch(port(), "POST", "/api/v1/staff-activations/redeem",
              R"({"login":"T001","code":")" + lin_code + R"(","password":"a-long-password"})");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << "a code works once";
    EXPECT_FALSE(SignIn(port(), "t001", "a-long-password", TotpCodeAt(secret, NowMs())).empty());

    // The CLI imports the same list: nothing new; the activation code is never logged.
    const std::string dir = MakeTempDir();
    std::ofstream(dir + "/staff.xlsx", std::ios::binary) << book;
    std::string out;
    EXPECT_EQ(RunCommand(kBinary, {"import", "staff", dir + "/staff.xlsx", "--unit", std::to_string(county), "--db",
                                   db_->url(), "--key-file", key_file_},
                         &out),
              1) << out;
    EXPECT_NE(out.find("3 rows: 0 new accounts, 0 updated, 2 unchanged"), std::string::npos) << out;
    EXPECT_NE(out.find("line 4, 所属单位: a class teacher (班主任) belongs on a class"), std::string::npos) << out;
    std::filesystem::remove_all(dir);

    // Lost code: the operator issues a new one; the old one no longer works.
    ASSERT_EQ(RunCommand(kBinary, {"admin", "issue-activation", "--login", "t002", "--db", db_->url(), "--key-file", key_file_},
                         &out),
              0) << out;
    const auto at = out.find("code: ");
    ASSERT_NE(at, std::string::npos) << out;
    const std::string new_code = out.substr(at + 6, out.find(' ', at + 6) - at - 6);
    const std::string old_code(activations[1].at("code").as_string());
    r = Fetch(port(), "POST", "/api/v1/staff-activations/redeem",
              R"({"login":"t002","code":")" + old_code + R"(","password":"another-long-one"})");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    r = Fetch(port(), "POST", "/api/v1/staff-activations/redeem",
              R"({"login":"t002","code":")" + new_code + R"(","password":"another-long-one"})");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_FALSE(Json(*r).contains("two_factor")) << "a class teacher needs no authenticator";
    EXPECT_EQ(ReadAccessLog().find(lin_code), std::string::npos);
    EXPECT_EQ(ReadAccessLog().find("13800001111"), std::string::npos);
}

TEST_P(ServerTest, BehindATrustedProxyLockoutCountsTheRealClient) {
    {
        TestAuth accounts(db_->db());
        ASSERT_TRUE(accounts.auth.CreateAccount(accounts.op, "plain.user", "普通用户", kPassword));
    }
    Start({"--trusted-proxies", "127.0.0.1"});
    const auto attempt = [&](const std::string& client, const std::string& login, const std::string& password) {
        const auto r = Fetch(port(), "POST", "/api/v1/session",
                             R"({"login":")" + login + R"(","password":")" + password + "\"}",
                             "X-Forwarded-For: 1.2.3.4, " + client + "\r\n");
        return r ? r->status : -1;
    };
    // One client behind the proxy guesses at logins that do not exist until it is locked out.
    int status = 0;
    for (int i = 0; i < 6 && status != 429; ++i) status = attempt("198.51.100.1", "nobody" + std::to_string(i), "wrong-password");
    EXPECT_EQ(status, 429);
    EXPECT_EQ(attempt("198.51.100.1", "plain.user", kPassword), 429) << "the locked client stays locked";
    EXPECT_EQ(attempt("198.51.100.2", "plain.user", kPassword), 200) << "another client behind the same proxy is not";
}

TEST_P(ServerTest, ServesTheWebAppBesideTheApi) {
    const std::string web = MakeTempDir();
    std::filesystem::create_directories(web + "/assets");
    std::ofstream(web + "/index.html") << "<!doctype html><title>心桥工作台</title>";
    std::ofstream(web + "/student.html") << "<!doctype html><title>心桥学生</title>";
    std::ofstream(web + "/assets/app-1a2b3c.js") << std::string(4096, 'x');
    Start({"--web-root", web});
    auto r = Fetch(port(), "GET", "/org-units/3", "", "Accept-Encoding: gzip\r\n");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->Header("content-type"), "text/html; charset=utf-8");
    EXPECT_NE(r->body.find("心桥工作台"), std::string::npos) << "a deep link gets the workbench";
    EXPECT_EQ(r->Header("cache-control"), "no-cache");
    EXPECT_NE(r->Header("content-security-policy").find("script-src 'self'"), std::string::npos);
    EXPECT_EQ(r->Header("x-frame-options"), "DENY");
    r = Fetch(port(), "GET", "/student/", "", "");
    ASSERT_TRUE(r);
    EXPECT_NE(r->body.find("心桥学生"), std::string::npos);
    r = Fetch(port(), "GET", "/assets/app-1a2b3c.js", "", "Accept-Encoding: gzip\r\n");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->Header("content-encoding"), "gzip");
    EXPECT_EQ(r->Header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_LT(r->body.size(), 200u);
    // The API is untouched: no session is still 401, an unknown file is a 404 problem.
    r = Fetch(port(), "GET", "/api/v1/org-units", "", "");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    EXPECT_NE(r->Header("content-security-policy"), "") << "every answer carries the security headers";
    r = Fetch(port(), "GET", "/nothing.png", "", "");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404);
    EXPECT_EQ(r->Header("content-type"), "application/problem+json");
    std::filesystem::remove_all(web);
}

INSTANTIATE_TEST_SUITE_P(Drivers, ServerTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

TEST(Cli, BadSettingsStopStartUpWithOneLine) {
    const struct {
        std::vector<std::string> args;
        const char* expected;
    } kCases[] = {
        {{"serve", "--listen", "0.0.0.0:8080"}, "serving beyond loopback needs HTTPS in front"},
        {{"serve", "--db", "mysql://x"}, "expected sqlite:PATH or postgresql://"},
        {{"serve", "--workers", "lots"}, "bad setting workers=\"lots\" (from --workers)"},
        {{"demo", "--students", "5"}, "--students must be"},
        {{"frobnicate"}, "unknown command frobnicate"},
    };
    for (const auto& c : kCases) {
        std::string out;
        EXPECT_EQ(RunCommand(kBinary, c.args, &out), 2) << out;
        EXPECT_NE(out.find(c.expected), std::string::npos) << out;
        EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
    }
}

TEST(Cli, ScoreScoresOneResponseOffline) {
    const std::string flag = "--instruments", dir = XINQIAO_INSTRUMENTS;
    ::setenv("XINQIAO_RISK_RULES", XINQIAO_RISK_RULES, 1);  // RunCommand passes the environment on
    std::string out;
    ASSERT_EQ(RunCommand(kBinary, {"score", "phq9", "0", "1", "0", "0", "0", "0", "0", "0", "2", "-", flag, dir}, &out), 0) << out;
    const auto o = boost::json::parse(out).as_object();
    EXPECT_EQ(o.at("total").as_int64(), 3);
    EXPECT_EQ(o.at("alerts").as_array()[0].at("level").as_string(), "I");
    EXPECT_EQ(o.at("risk").at("level").as_string(), "I");
    EXPECT_EQ(RunCommand(kBinary, {"score", "phq9", "0", "1", flag, dir}, &out), 2);
    EXPECT_NE(out.find("10 items; 2 answers"), std::string::npos) << out;
    EXPECT_EQ(RunCommand(kBinary, {"score", "phq9", "0", "0", "0", "7", "0", "0", "0", "0", "0", "0", flag, dir}, &out), 2);
    EXPECT_NE(out.find("item 4"), std::string::npos) << out;
    EXPECT_EQ(out.find("7"), std::string::npos) << "the answer is not repeated: " << out;
    EXPECT_EQ(RunCommand(kBinary, {"score", "nope", "1", flag, dir}, &out), 2);
    EXPECT_NE(out.find("known: asq"), std::string::npos) << out;
}

TEST(Cli, ABadInstrumentFileStopsStartUpNamingFileAndPath) {
    const std::string dir = ::testing::TempDir() + "xq-bad-instruments";
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/broken.json") << R"({"format":1,"id":"x"})";
    std::string out;
    EXPECT_EQ(RunCommand(kBinary, {"score", "x", "1", "--instruments", dir}, &out), 1);
    EXPECT_NE(out.find("broken.json: /name_en: must be a string"), std::string::npos) << out;
    std::filesystem::remove_all(dir);
}

TEST(Cli, UnreachableDatabaseFailsStartUp) {
    std::string out;
    EXPECT_EQ(RunCommand(kBinary, {"serve", "--listen", "127.0.0.1:0", "--key-file", TestKeyFile(), "--db",
                                   "postgresql://u:pw@127.0.0.1:1/x?connect_timeout=2"},
                         &out),
              1);
    EXPECT_NE(out.find("cannot connect to PostgreSQL"), std::string::npos) << out;
    EXPECT_EQ(out.find(":pw@"), std::string::npos) << out;
}

TEST(Cli, DemoIsDeterministicAndIfEmptyDoesNotReseed) {
    const std::string dir = MakeTempDir();
    std::string out1, out2, out3;
    const std::vector<std::string> keys = {"--key-file", TestKeyFile(), "--argon2-memory-kib", "1024"};
    const auto with_keys = [&](std::vector<std::string> args) {
        args.insert(args.end(), keys.begin(), keys.end());
        return args;
    };
    ASSERT_EQ(RunCommand(kBinary, with_keys({"demo", "--db", "sqlite:" + dir + "/a.db", "--students", "3000", "--seed", "9"}), &out1), 0) << out1;
    ASSERT_EQ(RunCommand(kBinary, with_keys({"demo", "--db", "sqlite:" + dir + "/b.db", "--students", "3000", "--seed", "9"}), &out2), 0) << out2;
    const auto counts = [](const std::string& s) { return s.substr(0, s.find(" in ")); };
    EXPECT_EQ(counts(out1), counts(out2));
    // The demo screening's answers come from the seed too: the same levels.
    const auto screening = [](const std::string& s) {
        const auto at = s.find("demo: screening");
        return at == std::string::npos ? std::string("none") : s.substr(at, s.find('\n', at) - at);
    };
    EXPECT_NE(screening(out1), "none") << out1;
    EXPECT_EQ(screening(out1), screening(out2));
    ASSERT_EQ(RunCommand(kBinary, with_keys({"demo", "--if-empty", "--db", "sqlite:" + dir + "/a.db"}), &out3), 0) << out3;
    EXPECT_NE(out3.find("nothing to do"), std::string::npos);
    std::string again;
    EXPECT_EQ(RunCommand(kBinary, with_keys({"demo", "--db", "sqlite:" + dir + "/a.db"}), &again), 1);
    EXPECT_NE(again.find("already holds"), std::string::npos);
}

TEST(Cli, TheDemoRegionHasAScreeningUnderWay) {
    std::string skip;
    auto db = TestDatabase::Create(Backend::kSqlite, skip);
    ASSERT_TRUE(db);
    std::string out;
    ASSERT_EQ(RunCommand(kBinary, {"demo", "--db", db->url(), "--students", "3000", "--key-file", TestKeyFile(),
                                   "--argon2-memory-kib", "1024", "--accounts-file", MakeTempDir() + "/a.txt"},
                         &out),
              0)
        << out;
    EXPECT_NE(out.find("学生心理健康测评（演示）"), std::string::npos) << out;
    const auto count = [&](const std::string& sql) { return testing::CountOf(db->db(), sql); };
    EXPECT_EQ(count("SELECT COUNT(*) FROM campaigns"), 1);
    const auto completed = count("SELECT COUNT(*) FROM assignments WHERE state = 'completed'");
    EXPECT_GT(completed, 50);
    EXPECT_GT(count("SELECT COUNT(*) FROM assignments WHERE state = 'started'"), 0);
    EXPECT_GT(count("SELECT COUNT(*) FROM assignments WHERE state = 'invited'"), 0) << "mid-campaign";
    // Everything a real submission leaves: two responses, an assessment and the counters.
    EXPECT_EQ(count("SELECT COUNT(*) FROM responses"), 2 * completed);
    EXPECT_EQ(count("SELECT COUNT(*) FROM assessments"), completed);
    EXPECT_EQ(count("SELECT completed FROM campaign_progress p JOIN campaigns c ON c.org_unit_id = p.org_unit_id"),
              completed);
    EXPECT_EQ(count("SELECT COUNT(*) FROM alerts"), count("SELECT COUNT(*) FROM assessments WHERE level < 4"));
    EXPECT_GT(count("SELECT COUNT(*) FROM assessments WHERE level = 4"), completed / 2) << "most students are well";
    EXPECT_EQ(count("SELECT COUNT(*) FROM responses WHERE answers_enc NOT LIKE 'v1:%'"), 0) << "answers are sealed";
    // The demo student (first of the demo class) still has the questionnaire to answer.
    EXPECT_EQ(count("SELECT COUNT(*) FROM assignments a JOIN account_students l ON l.student_id = a.student_id "
                    "JOIN accounts g ON g.id = l.account_id WHERE g.login = 'demo.guardian' AND a.state <> 'invited'"),
              0);
}

TEST(Cli, AuditVerifyCatchesATamperedRow) {
    std::string skip;
    auto db = TestDatabase::Create(Backend::kSqlite, skip);
    ASSERT_TRUE(db);
    const auto admin = MakeAdmin(*db, "test.admin");  // 3 entries: account.create, grant, enroll_two_factor
    const auto province = admin.province;
    {
        std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--db", db->url(), "--access-log", "off",
                                         "--key-file", TestKeyFile()};
        args.insert(args.end(), kFastHashing.begin(), kFastHashing.end());
        ServerProcess server(kBinary, args);
        ASSERT_GT(server.port(), 0);
        const auto headers = SignIn(server.port(), "test.admin", kPassword, TotpCodeAt(admin.totp_secret, NowMs()));  // 1
        for (const char* name : {"甲市", "乙市", "丙市"}) {  // 3 entries
            const auto r = Fetch(server.port(), "POST", "/api/v1/org-units",
                                 std::string(R"({"kind":"city","name":")") + name + R"(","parent_id":)" +
                                     std::to_string(province) + "}",
                                 headers);
            ASSERT_TRUE(r);
            ASSERT_EQ(r->status, 201);
        }
        EXPECT_EQ(server.StopWith(SIGTERM), 0);
    }
    std::string out;
    EXPECT_EQ(RunCommand(kBinary, {"audit", "verify", "--db", db->url()}, &out), 0) << out;
    EXPECT_NE(out.find("7 entries, chain intact"), std::string::npos) << out;

    ASSERT_TRUE(db->db().Transact(store::TxMode::kWrite, [](store::Session& s) {
        return s.ExecuteScript("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET target_id = '42' WHERE id = 4;");
    }));
    EXPECT_EQ(RunCommand(kBinary, {"audit", "verify", "--db", db->url()}, &out), 1) << out;
    EXPECT_NE(out.find("entry 4 is bad"), std::string::npos) << out;
    EXPECT_EQ(out.find("42"), std::string::npos) << "the report names the entry, not its content";
}

TEST(Cli, VersionAndMigrate) {
    std::string out;
    EXPECT_EQ(RunCommand(kBinary, {"version"}, &out), 0);
    EXPECT_EQ(out.rfind("xinqiao ", 0), 0u);
    const std::string dir = MakeTempDir();
    EXPECT_EQ(RunCommand(kBinary, {"migrate", "--db", "sqlite:" + dir + "/m.db", "--key-file", TestKeyFile()}, &out), 0) << out;
    EXPECT_NE(out.find("schema version"), std::string::npos);
}

TEST(Cli, KeyFilesAreCreatedPrivateAndRefusedWhenReadable) {
    const std::string dir = MakeTempDir();
    const std::string key = dir + "/k.key";
    std::string out;
    ASSERT_EQ(RunCommand(kBinary, {"keygen", "--key-file", key}, &out), 0) << out;
    EXPECT_EQ(RunCommand(kBinary, {"keygen", "--key-file", key}, &out), 1) << "never overwrites a key";
    EXPECT_EQ(RunCommand(kBinary, {"keygen", "--if-missing", "--key-file", key}, &out), 0);
    ::chmod(key.c_str(), 0644);
    EXPECT_EQ(RunCommand(kBinary, {"serve", "--listen", "127.0.0.1:0", "--db", "sqlite:" + dir + "/x.db", "--key-file", key}, &out), 1);
    EXPECT_NE(out.find("may be read by others"), std::string::npos) << out;
    EXPECT_EQ(RunCommand(kBinary, {"serve", "--listen", "127.0.0.1:0", "--db", "sqlite:" + dir + "/x.db", "--key-file", dir + "/none.key"}, &out), 1);
    EXPECT_NE(out.find("xinqiao keygen"), std::string::npos) << out;
}

TEST(Cli, TheDatabaseHoldsNoPlaintextIdNumbersOrPhones) {
    std::string skip;
    auto db = TestDatabase::Create(Backend::kSqlite, skip);
    ASSERT_TRUE(db);
    std::string out;
    ASSERT_EQ(RunCommand(kBinary, {"demo", "--db", db->url(), "--students", "1000", "--key-file", TestKeyFile(),
                                   "--argon2-memory-kib", "1024", "--accounts-file", MakeTempDir() + "/a.txt"},
                         &out),
              0)
        << out;
    ASSERT_TRUE(db->db().Transact(store::TxMode::kRead, [](store::Session& s) -> core::Status {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, s.Query("SELECT id_number, id_number_enc, id_number_hash FROM students"));
        EXPECT_GT(rs.rows(), 900u);
        for (std::size_t r = 0; r < rs.rows(); ++r) {
            EXPECT_EQ(testing::Cell(rs, r, 0), "");
            EXPECT_EQ(testing::Cell(rs, r, 1).substr(0, 5), "v1:1:");
            EXPECT_EQ(testing::Cell(rs, r, 2).size(), 64u);
        }
        XINQIAO_ASSIGN_OR_RETURN(auto g, s.Query("SELECT COUNT(*) FROM guardians WHERE phone <> '' OR phone_enc NOT LIKE 'v1:%'"));
        EXPECT_EQ(g.Int(), 0);
        XINQIAO_ASSIGN_OR_RETURN(auto m, s.Query("SELECT COUNT(*) FROM staff_members WHERE phone <> '' OR phone_enc NOT LIKE 'v1:%'"));
        EXPECT_EQ(m.Int(), 0);
        return core::Ok();
    }));
}

}  // namespace
}  // namespace xinqiao::testing
