#pragma once
// The rows a query returned, and the one way to read them: a Row hands out its columns in the
// order of the SELECT list, one per call, and ResultSet's Each/Map/First/Int check that the
// reading code took every column. A reader and its statement therefore cannot drift apart
// silently: a column added to the SELECT but not read, or read but not selected, stops the
// first test that touches it instead of filling the wrong field with T2/T3 data.
//
//     constexpr const char* kSelect = "SELECT id, name, stage FROM org_units WHERE ...";
//     return rs.Map([](Row& row) {
//         OrgUnit u;
//         u.id = row.Int();
//         u.name = row.Text();
//         if (const auto stage = row.OptView()) u.stage = ParseSchoolStage(*stage);
//         return u;
//     });
//
// A reader may return a value, or a Result (to stop on the first error, e.g. a seal that does
// not open); Map and First then return a Result too.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/common/assert.hpp"
#include "core/common/result.hpp"

namespace xinqiao::store {

class ResultSet;

class Row {
public:
    // Whether the next column is NULL; does not take it.
    bool IsNull() const;
    // The next column as an integer: 0 for NULL; accepts PostgreSQL's "t"/"f" booleans.
    std::int64_t Int();
    std::optional<std::int64_t> OptInt();
    // The next column is a 0/1 (or t/f) boolean.
    bool Bool() { return Int() != 0; }
    // The next column as text: "" for NULL. View() stays valid while the ResultSet lives.
    std::string_view View();
    std::string Text() { return std::string(View()); }
    std::optional<std::string> OptText();
    std::optional<std::string_view> OptView();
    // Passes over `n` columns the reader does not need.
    void Skip(std::size_t n = 1);

    std::size_t index() const { return row_; }
    // Columns not yet taken.
    std::size_t remaining() const;

private:
    friend class ResultSet;
    Row(const ResultSet& rs, std::size_t row) : rs_(&rs), row_(row) {}
    const std::optional<std::string>& Next();

    const ResultSet* rs_;
    std::size_t row_;
    std::size_t column_ = 0;
};

namespace detail {
template <typename T>
struct IsResult : std::false_type {};
template <typename T>
struct IsResult<core::Result<T>> : std::true_type {
    using inner = T;
};
}  // namespace detail

class ResultSet {
public:
    ResultSet() = default;
    explicit ResultSet(std::size_t columns) : columns_(columns) {}

    std::size_t rows() const { return columns_ == 0 ? 0 : cells_.size() / columns_; }
    std::size_t columns() const { return columns_; }
    bool empty() const { return cells_.empty(); }

    // Calls read(Row&) for every row in order. A `read` returning Status stops the walk at the
    // first error, and Each returns it; a `read` returning void makes Each return void.
    template <typename F>
    auto Each(F&& read) const {
        if constexpr (std::is_void_v<decltype(read(std::declval<Row&>()))>) {
            for (std::size_t r = 0; r < rows(); ++r) {
                Row row(*this, r);
                read(row);
                Finished(row);
            }
        } else {
            for (std::size_t r = 0; r < rows(); ++r) {
                Row row(*this, r);
                core::Status status = read(row);
                if (!status) return status;
                Finished(row);
            }
            return core::Ok();
        }
    }

    // What read(Row&) returns for each row: std::vector<T>, or Result<std::vector<T>> when
    // `read` returns Result<T> (the first error is returned).
    template <typename F>
    auto Map(F&& read) const {
        using R = std::decay_t<decltype(read(std::declval<Row&>()))>;
        if constexpr (detail::IsResult<R>::value) {
            using T = typename detail::IsResult<R>::inner;
            std::vector<T> out;
            out.reserve(rows());
            for (std::size_t r = 0; r < rows(); ++r) {
                Row row(*this, r);
                auto v = read(row);
                if (!v) return core::Result<std::vector<T>>(std::move(v).error());
                Finished(row);
                out.push_back(std::move(*v));
            }
            return core::Result<std::vector<T>>(std::move(out));
        } else {
            std::vector<R> out;
            out.reserve(rows());
            for (std::size_t r = 0; r < rows(); ++r) {
                Row row(*this, r);
                out.push_back(read(row));
                Finished(row);
            }
            return out;
        }
    }

    // read(Row&) of the first row, or nullopt when there is none (a lookup by key). A reader
    // returning Result<T> gives Result<std::optional<T>>.
    template <typename F>
    auto First(F&& read) const {
        using R = std::decay_t<decltype(read(std::declval<Row&>()))>;
        if constexpr (detail::IsResult<R>::value) {
            using T = typename detail::IsResult<R>::inner;
            if (empty()) return core::Result<std::optional<T>>(std::optional<T>());
            Row row(*this, 0);
            auto v = read(row);
            if (!v) return core::Result<std::optional<T>>(std::move(v).error());
            Finished(row);
            return core::Result<std::optional<T>>(std::optional<T>(std::move(*v)));
        } else {
            if (empty()) return std::optional<R>();
            Row row(*this, 0);
            std::optional<R> out(read(row));
            Finished(row);
            return out;
        }
    }

    // The integer of a one-column result's first row (COUNT(*), RETURNING id); 0 when NULL.
    // Requires: exactly one column and at least one row.
    std::int64_t Int() const;
    // The same for a result that may have no row or a NULL: nullopt then.
    std::optional<std::int64_t> OptInt() const;

    // Row `r` for reading by hand (tests, diagnostics); store code uses Each/Map/First.
    Row At(std::size_t r) const {
        XINQIAO_ASSERT(r < rows(), "ResultSet::At beyond the last row");
        return Row(*this, r);
    }

    void Append(std::optional<std::string> cell) { cells_.push_back(std::move(cell)); }

private:
    friend class Row;
    void Finished(const Row& row) const;

    std::size_t columns_ = 0;
    std::vector<std::optional<std::string>> cells_;
};

}  // namespace xinqiao::store
