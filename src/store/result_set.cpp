#include "store/result_set.hpp"

#include "core/common/text.hpp"

namespace xinqiao::store {
namespace {

std::optional<std::int64_t> IntOf(const std::optional<std::string>& cell) {
    if (!cell) return std::nullopt;
    if (*cell == "t") return 1;
    if (*cell == "f") return 0;
    return core::ParseInt64(*cell);
}

}  // namespace

const std::optional<std::string>& Row::Next() {
    XINQIAO_ASSERT(column_ < rs_->columns_, "a row reader took more columns than its statement selects");
    return rs_->cells_[row_ * rs_->columns_ + column_++];
}

bool Row::IsNull() const {
    XINQIAO_ASSERT(column_ < rs_->columns_, "a row reader looked past the last selected column");
    return !rs_->cells_[row_ * rs_->columns_ + column_].has_value();
}

std::int64_t Row::Int() { return IntOf(Next()).value_or(0); }

std::optional<std::int64_t> Row::OptInt() { return IntOf(Next()); }

std::string_view Row::View() {
    const auto& cell = Next();
    return cell ? std::string_view(*cell) : std::string_view();
}

std::optional<std::string> Row::OptText() { return Next(); }

std::optional<std::string_view> Row::OptView() {
    const auto& cell = Next();
    return cell ? std::optional<std::string_view>(*cell) : std::nullopt;
}

void Row::Skip(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) Next();
}

std::size_t Row::remaining() const { return rs_->columns_ - column_; }

void ResultSet::Finished(const Row& row) const {
    XINQIAO_ASSERT(row.remaining() == 0, "a row reader left selected columns unread: statement and reader disagree");
}

std::int64_t ResultSet::Int() const {
    XINQIAO_ASSERT(columns_ == 1 && !empty(), "ResultSet::Int() needs one column and a row");
    return IntOf(cells_[0]).value_or(0);
}

std::optional<std::int64_t> ResultSet::OptInt() const {
    XINQIAO_ASSERT(columns_ == 1 || empty(), "ResultSet::OptInt() needs one column");
    return empty() ? std::nullopt : IntOf(cells_[0]);
}

}  // namespace xinqiao::store
