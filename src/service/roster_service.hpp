#pragma once
// Loading a school's students from the roster file it already has (.xlsx, or CSV in UTF-8 or
// GBK).
//
// Every row is checked (core/roster/student_import.hpp), then against the school: its grade and
// class must exist, and an ID number must not belong to another student. Valid rows are
// written in one transaction, matched by student number: a new number adds the student, a
// known one updates them, so importing the same file again changes nothing. Guardians are added
// once. A dry run reports and writes nothing. A failed write leaves nothing imported.

#include <string>
#include <string_view>
#include <vector>

#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "core/ports/password_hasher.hpp"
#include "core/roster/student_import.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

struct ImportReport {
    int data_rows = 0;
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    int guardians_added = 0;
    bool dry_run = false;
    std::vector<core::roster::ImportProblem> problems;
};

class RosterService {
public:
    RosterService(core::ports::DataStore& store, core::ports::Clock& clock, core::ports::TextDecoder& decoder,
                  core::ports::Inflater& inflater)
        : store_(store), clock_(clock), decoder_(decoder), inflater_(inflater) {}

    // Needs kEditRoster on the school (404 for a school out of view, as elsewhere).
    // kInvalidArgument (field "file") for a file that cannot be read as a roster at all.
    // Audited as "roster.import" unless a dry run.
    core::Result<ImportReport> ImportStudents(const Principal& p, core::org::OrgUnitId school_id,
                                              std::string_view file, bool dry_run);

private:
    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
    core::ports::TextDecoder& decoder_;
    core::ports::Inflater& inflater_;
};

// The rows of a roster file: the first sheet of an .xlsx workbook, or CSV (UTF-8 or GBK).
core::Result<std::vector<core::roster::CsvRow>> ReadRosterRows(std::string_view file, core::ports::TextDecoder& decoder,
                                                               core::ports::Inflater& inflater);

}  // namespace xinqiao::service
