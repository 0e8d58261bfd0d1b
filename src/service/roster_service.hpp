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
#include "core/ports/inflater.hpp"
#include "core/ports/random_source.hpp"
#include "core/ports/text_decoder.hpp"
#include "core/roster/staff_import.hpp"
#include "core/roster/student_import.hpp"
#include "service/auth_service.hpp"
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

// A new staff account's single-use activation code, for the person it belongs to.
struct IssuedActivation {
    int line = 0;  // first row of the person in the file
    std::string login;
    std::string name;
    std::string code;
    std::int64_t expires_ms = 0;
};

struct StaffImportReport {
    int data_rows = 0;
    int created = 0;    // new accounts
    int updated = 0;    // existing staff whose name, phone or roles changed
    int unchanged = 0;
    int grants_added = 0;
    bool dry_run = false;
    std::vector<core::roster::ImportProblem> problems;
    std::vector<IssuedActivation> activations;  // one per new account (none in a dry run)
};

class RosterService {
public:
    RosterService(core::ports::DataStore& store, core::ports::Clock& clock, core::ports::TextDecoder& decoder,
                  core::ports::Inflater& inflater, core::ports::RandomSource& random)
        : store_(store), clock_(clock), decoder_(decoder), inflater_(inflater), random_(random) {}

    // Needs kEditRoster on the school (404 for a school out of view, as elsewhere).
    // kInvalidArgument (field "file") for a file that cannot be read as a roster at all.
    // Audited as "roster.import" unless a dry run.
    core::Result<ImportReport> ImportStudents(const Principal& p, core::org::OrgUnitId school_id,
                                              std::string_view file, bool dry_run);

    // Loads a staff list (core/roster/staff_import.hpp) into `unit_id`'s subtree: needs
    // kManageUsers there (404 out of view). 所属单位 is resolved within the subtree by path from
    // the unit ("七年级/1班", with or without the unit's own name first), by the names run
    // together ("七年级1班"), by a unique name ("1班") or by the unit's code; empty means the
    // unit itself. Each role must fit its unit (a class teacher on a class, a psychology teacher
    // on a school ...). A new 工号 creates an account without a password and a 14-day activation
    // code; a known one, if it is a staff account wholly within the caller's reach, gets its
    // name and phone updated and new grants added (grants are never removed by an import). A
    // 工号 that is someone else's sign-in name is a problem on the row. Audited as
    // "staff.import" unless a dry run.
    core::Result<StaffImportReport> ImportStaff(const Principal& p, core::org::OrgUnitId unit_id,
                                                std::string_view file, bool dry_run);

private:
    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
    core::ports::TextDecoder& decoder_;
    core::ports::Inflater& inflater_;
    core::ports::RandomSource& random_;
};

// The rows of a roster file: the first sheet of an .xlsx workbook, or CSV (UTF-8 or GBK). A
// workbook may unpack to at most 64 times its size (at least 16 MiB, at most 256 MiB).
core::Result<std::vector<core::roster::CsvRow>> ReadRosterRows(std::string_view file, core::ports::TextDecoder& decoder,
                                                               core::ports::Inflater& inflater);

}  // namespace xinqiao::service
