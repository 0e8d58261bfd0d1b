// The user routes: administrators and grants.
#include "api_fixture.hpp"

namespace xinqiao::http {
namespace {

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

}  // namespace
}  // namespace xinqiao::http
