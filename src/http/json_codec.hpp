#pragma once
// JSON <-> domain types for the HTTP API, and strict reading of request bodies: every field
// has one type, unknown fields are rejected, and each error names its JSON pointer.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <initializer_list>
#include <optional>
#include <vector>
#include <string>
#include <string_view>

#include "core/common/date.hpp"
#include "core/common/result.hpp"
#include "core/common/words.hpp"
#include "core/audit/audit_chain.hpp"
#include "core/org/org_unit.hpp"
#include "core/people/student_query.hpp"
#include "core/screening/risk.hpp"
#include "core/screening/scoring.hpp"
#include "http/message.hpp"
#include "service/count.hpp"

namespace xinqiao::http {

// The value of `v`, or JSON null when it has none.
template <typename T>
boost::json::value OrNull(const std::optional<T>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

// An RFC 3339 time for `ms`, or JSON null when there is none.
boost::json::value TimeOrNull(const std::optional<std::int64_t>& ms);
// A count as the reader may see it: the number, or "<5" when suppressed.
boost::json::value CountJson(const service::Count& c);
// {"zh", "en"} for a code's words; null when the code has none.
boost::json::value WordsJson(const std::optional<core::Words>& w);

boost::json::object ToJson(const core::org::OrgUnit& unit);
boost::json::object ToJson(const core::audit::AuditEntry& entry);
// A scored response: total, subscales, band (labels and default level), critical-item alerts,
// subscale flags and derived scores. For staff and integrations, never for students.
boost::json::object ToJson(const core::screening::Instrument& instrument, const core::screening::ScoreResult& r,
                           const core::screening::RiskAssessment& risk);
// What a list of instruments shows: names, languages, ages, items and licence.
boost::json::object Summary(const core::screening::Instrument& instrument);
// A roster row: T1 data. The ID number is masked; guardians are not included.
boost::json::object ToJson(const core::people::StudentListItem& item);

// The body of `request` as a JSON object. kInvalidArgument for a wrong content type (the
// caller maps field "content-type" to 415), malformed JSON (with its offset), or a non-object.
core::Result<boost::json::object> ParseJsonObject(const Request& request);

// Typed access to the members of a JSON request object.
class FieldReader {
public:
    explicit FieldReader(const boost::json::object& obj) : obj_(obj) {}

    // kInvalidArgument naming the first member not in `allowed`.
    core::Status OnlyKnown(std::initializer_list<std::string_view> allowed) const;

    bool Has(std::string_view key) const { return obj_.contains(key); }
    bool IsNull(std::string_view key) const;

    core::Result<std::string> String(std::string_view key) const;  // required
    core::Result<std::optional<std::string>> OptString(std::string_view key) const;
    core::Result<std::optional<std::int64_t>> OptId(std::string_view key) const;  // positive integer
    core::Result<std::optional<bool>> OptBool(std::string_view key) const;
    // A day "YYYY-MM-DD".
    core::Result<std::optional<core::Date>> OptDate(std::string_view key) const;
    // A list of positive ids (empty when absent or null), at most `max_count` long.
    core::Result<std::vector<std::int64_t>> OptIds(std::string_view key, std::size_t max_count) const;
    // A list of strings (empty when absent or null), at most `max_count` long.
    core::Result<std::vector<std::string>> OptStrings(std::string_view key, std::size_t max_count) const;

private:
    const boost::json::object& obj_;
};

}  // namespace xinqiao::http
