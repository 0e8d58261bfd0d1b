#pragma once
// A person's alert inbox (预警收件箱): what they ask for and what the list shows.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/warning/alert.hpp"

namespace xinqiao::core::warning {

// An alert in someone's inbox, with what the list shows of its student.
struct InboxItem {
    Alert alert;
    std::string student_name, class_name, school_name;
    bool unread = false;
};

struct InboxQuery {
    std::int64_t account_id = 0;              // whose unread marks
    std::vector<warning::Owner> as;           // the reader's grants: alerts owned by any of them
    std::vector<std::string> classes;         // and every alert about students of these classes (paths)
    std::vector<warning::AlertState> states;  // empty: open and acknowledged
    std::optional<screening::Level> level;
    // Empty: any. "people": a person reported something (Alert::reported); "screening": raised by
    // screening or nobody reported anything; a SignalSourceName: raised or joined by that source.
    std::string source;
    bool overdue_only = false;  // open and past due at `now_ms`
    std::string search;         // a people::SearchKey(): alerts about students it finds
    std::int64_t now_ms = 0;
    int limit = 50;
    int offset = 0;
};

struct InboxPage {
    std::vector<InboxItem> items;
    std::int64_t total = 0;                // matching the query
    std::int64_t unread = 0;               // of the reader's live (open or acknowledged) alerts
    std::int64_t by_level[3] = {0, 0, 0};  // live alerts by level I..III
    std::int64_t overdue = 0;              // open and past due
    std::int64_t reported = 0;             // live alerts people reported
};

}  // namespace xinqiao::core::warning
