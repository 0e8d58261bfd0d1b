#include "store/student_repository.hpp"

#include <algorithm>
#include <unordered_set>

#include "core/people/search_terms.hpp"
#include "store/pinyin.hpp"
#include "store/sealed_columns.hpp"
#include "store/sql_builder.hpp"

namespace xinqiao::store {
namespace {

using core::Error;
using core::people::Student;
using core::people::StudentQuery;
using core::people::StudentSort;

// The columns ReadStudent() reads, in its order.
constexpr const char* kStudentColumns =
    "s.id, s.county_id, s.school_id, s.grade_id, s.class_id, s.org_path, s.student_number, s.name, s.gender, "
    "s.birth_date, s.id_number_enc, s.special_situations";
const std::string kListColumns = std::string("SELECT ") + kStudentColumns + ", g.name, c.name "
    "FROM students s JOIN org_units g ON g.id = s.grade_id JOIN org_units c ON c.id = s.class_id ";
constexpr const char* kCount = "SELECT COUNT(*) FROM students s ";
// Every listing is a range of the roster index, [path, bound), narrowed by optional filters.
std::string OrderBy(const StudentQuery& q) {
    const char* dir = q.descending ? " DESC" : "";
    switch (q.sort) {
        case StudentSort::kRoster: return std::string(" ORDER BY s.org_path") + dir + ", s.student_number" + dir;
        case StudentSort::kStudentNumber: return std::string(" ORDER BY s.student_number") + dir + ", s.id";
        case StudentSort::kName: return std::string(" ORDER BY s.name") + dir + ", s.id";
        case StudentSort::kBirthDate: return std::string(" ORDER BY s.birth_date") + dir + ", s.id";
    }
    return {};
}

constexpr const char* kInsert =
    "INSERT INTO students (county_id, school_id, grade_id, class_id, org_path, student_number, name, gender, "
    "birth_date, id_number_enc, id_number_hash, special_situations) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";
constexpr const char* kInsertWithId =
    "INSERT INTO students (id, county_id, school_id, grade_id, class_id, org_path, student_number, name, gender, "
    "birth_date, id_number_enc, id_number_hash, special_situations) "
    "VALUES ($13, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
constexpr const char* kInsertGuardian =
    "INSERT INTO guardians (id, student_id, county_id, name, relation, phone, phone_enc, phone_hash, is_primary) "
    "VALUES ($1, $2, $3, $4, $5, '', $6, $7, $8)";
constexpr const char* kInsertStaff =
    "INSERT INTO staff_members (id, org_unit_id, county_id, name, position, phone_enc, phone_hash) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr const char* kStaffByAccount =
    "SELECT id, org_unit_id, county_id, name, position, phone_enc, account_id, staff_number FROM staff_members "
    "WHERE account_id = $1";
constexpr const char* kAddStaff =
    "INSERT INTO staff_members (org_unit_id, county_id, name, position, phone_enc, phone_hash, account_id, "
    "staff_number) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
constexpr const char* kUpdateStaff =
    "UPDATE staff_members SET org_unit_id = $1, county_id = $2, name = $3, position = $4, phone_enc = $5, "
    "phone_hash = $6, account_id = $7, staff_number = $8 WHERE id = $9";
constexpr const char* kFindByIdNumber = "SELECT id FROM students WHERE id_number_hash = $1 LIMIT 1";
const std::string kFindByNumber =
    std::string("SELECT ") + kStudentColumns + " FROM students s WHERE s.school_id = $1 AND s.student_number = $2";
constexpr const char* kUpdate =
    "UPDATE students SET county_id = $1, school_id = $2, grade_id = $3, class_id = $4, org_path = $5, "
    "student_number = $6, name = $7, gender = $8, birth_date = $9, id_number_enc = $10, id_number_hash = $11, "
    "special_situations = $12 WHERE id = $13";
constexpr const char* kGuardianByPhone = "SELECT 1 FROM guardians WHERE student_id = $1 AND phone_hash = $2";
constexpr const char* kGuardianByName = "SELECT 1 FROM guardians WHERE student_id = $1 AND phone_hash = '' AND name = $2";
constexpr const char* kAddGuardian =
    "INSERT INTO guardians (student_id, county_id, name, relation, phone, phone_enc, phone_hash, is_primary) "
    "VALUES ($1, $2, $3, $4, '', $5, $6, $7)";

const std::string kGetStudent = std::string("SELECT ") + kStudentColumns + " FROM students s WHERE s.id = $1";
const std::string kListClass =
    std::string("SELECT ") + kStudentColumns + " FROM students s WHERE s.class_id = $1 ORDER BY s.student_number";
constexpr const char* kSelectGuardians =
    "SELECT id, student_id, county_id, name, relation, phone_enc, is_primary FROM guardians WHERE student_id = $1 "
    "ORDER BY is_primary DESC, id";
constexpr const char* kInsertNote =
    "INSERT INTO student_notes (student_id, author_id, author_role, created_at, body_enc) VALUES ($1, $2, $3, $4, $5) "
    "RETURNING id";
constexpr const char* kSelectNotes =
    "SELECT n.id, n.student_id, n.author_id, n.author_role, COALESCE(a.display_name, ''), n.created_at, n.body_enc "
    "FROM student_notes n LEFT JOIN accounts a ON a.id = n.author_id WHERE n.student_id = $1 ORDER BY n.id";

constexpr const char* kDeleteTerms = "DELETE FROM student_search_terms WHERE student_id = $1";

// The search terms of a student, one statement: (school, term, student, county) rows.
std::string InsertTermsSql(std::size_t n) {
    std::string sql = "INSERT INTO student_search_terms (school_id, term, student_id, county_id) VALUES ";
    for (std::size_t i = 0; i < n; ++i) {
        const auto k = std::to_string(i + 4);
        sql += (i ? ", ($1, $" : "($1, $") + k + ", $2, $3)";
    }
    return sql;
}

// Contexts bind each sealed value to its column.
constexpr const char* kIdNumberContext = kStudentIdNumber.context;
constexpr const char* kGuardianPhoneContext = kGuardianPhone.context;
constexpr const char* kStaffPhoneContext = kStaffPhone.context;
constexpr const char* kNoteContext = kNoteBody.context;

Value Sealed(const Keyring& k, const std::string& plaintext, const char* context) {
    return plaintext.empty() ? Value(std::string()) : Value(k.Encrypt(plaintext, context));
}
Value Hashed(const Keyring& k, const std::string& plaintext) {
    return plaintext.empty() ? Value(std::string()) : Value(k.LookupHash(plaintext));
}

// A student from the kStudentColumns of a row.
Result<Student> ReadStudent(Row& row, const Keyring& keyring) {
    Student s;
    s.id = row.Int();
    s.county_id = row.Int();
    s.school_id = row.Int();
    s.grade_id = row.Int();
    s.class_id = row.Int();
    s.org_path = row.Text();
    s.student_number = row.Text();
    s.name = row.Text();
    s.gender = core::people::ParseGender(row.View()).value_or(core::people::Gender::kFemale);
    s.birth_date = core::ParseDate(row.View()).value_or(core::Date{});
    if (const auto sealed = row.View(); !sealed.empty()) {
        XINQIAO_ASSIGN_OR_RETURN(s.id_number, keyring.Decrypt(sealed, kIdNumberContext));
    }
    s.special_situations = core::people::SpecialSituations(static_cast<std::uint32_t>(row.Int()));
    return s;
}

Params StudentParams(const Keyring& k, const Student& s) {
    return {s.county_id,
            s.school_id,
            s.grade_id,
            s.class_id,
            s.org_path,
            s.student_number,
            s.name,
            std::string(core::people::GenderName(s.gender)),
            core::FormatDate(s.birth_date),
            Sealed(k, s.id_number, kIdNumberContext),
            Hashed(k, s.id_number),
            static_cast<std::int64_t>(s.special_situations.bits()),
            s.id};
}

// The list's filters on students `s` (grade, class, gender, special situations), as a list and a
// search both apply them.
void AddListFilters(SqlBuilder& f, const StudentQuery& q) {
    if (q.grade_id) f.Add(" AND s.grade_id = ", *q.grade_id);
    if (q.class_id) f.Add(" AND s.class_id = ", *q.class_id);
    if (q.gender) f.Add(" AND s.gender = ", std::string(core::people::GenderName(*q.gender)));
    if (!q.any_special.empty()) {
        f.Add(" AND (s.special_situations & ", static_cast<std::int64_t>(q.any_special.bits()), ") <> 0");
    }
}

// The rows of a kListColumns query.
Result<std::vector<core::people::StudentListItem>> ReadListItems(ResultSet& rs, const Keyring& keyring) {
    return rs.Map([&](Row& row) -> Result<core::people::StudentListItem> {
        core::people::StudentListItem item;
        XINQIAO_ASSIGN_OR_RETURN(item.student, ReadStudent(row, keyring));
        item.grade_name = row.Text();
        item.class_name = row.Text();
        return item;
    });
}

}  // namespace

Result<core::people::StudentPage> SqlStudentRepository::ListInSubtree(const std::string& path, const StudentQuery& q) {
    SqlBuilder f;
    f.Add("WHERE s.org_path >= ", path);
    f.Add(" AND s.org_path < ", core::org::SubtreeUpperBound(path));
    if (q.name) f.Add(" AND s.name = ", *q.name);
    AddListFilters(f, q);
    core::people::StudentPage page;
    {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kCount + f.sql, f.params));
        page.total = rs.Int();
    }
    if (q.Offset() >= page.total) return page;
    const std::string order = OrderBy(q);
    f.Add(order + " LIMIT ", std::int64_t{q.page_size});
    f.Add(" OFFSET ", q.Offset());
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kListColumns + f.sql, f.params));
    XINQIAO_ASSIGN_OR_RETURN(page.items, ReadListItems(rs, keyring_));
    return page;
}

// A search is a prefix range of the terms within the narrowest key that holds the unit: its school
// (for a school and what is inside it), its county, or the counties under it. Where that key holds
// exactly the unit's students and no filter is set, the range is all there is to read; otherwise
// each term's student is held to the subtree and the filters. Students are taken in index order
// until one more than a search answers is found (a student may have several terms with the
// prefix), then the page is read in the list's order among them.
Result<core::people::StudentPage> SqlStudentRepository::Search(const core::org::OrgUnit& unit, const StudentQuery& q) {
    using core::org::OrgKind;
    constexpr std::size_t kEnough = core::people::kMaxSearchMatches + 1;
    const std::string bound = core::org::SubtreeUpperBound(unit.path);
    const bool in_school = unit.kind == OrgKind::kGrade || unit.kind == OrgKind::kFaculty ||
                           unit.kind == OrgKind::kClass || unit.kind == OrgKind::kDormitory;
    const bool exact_key = unit.kind == OrgKind::kSchool || unit.kind == OrgKind::kCounty || !unit.county_id;
    const bool filtered = q.grade_id || q.class_id || q.gender || !q.any_special.empty();
    const bool join = in_school || !exact_key || filtered;

    std::vector<core::people::StudentId> found;
    for (std::int64_t limit = kEnough * 4;; limit *= 4) {
        SqlBuilder f;
        f.Text("SELECT t.student_id FROM student_search_terms t ");
        if (join) f.Text("JOIN students s ON s.id = t.student_id ");
        if (unit.kind == OrgKind::kSchool) {
            f.Add("WHERE t.school_id = ", unit.id);
        } else if (in_school) {
            f.Add("WHERE t.school_id = (SELECT x.school_id FROM students x WHERE x.org_path >= ", unit.path);
            f.Add(" AND x.org_path < ", bound, " LIMIT 1)");
        } else if (unit.county_id) {
            f.Add("WHERE t.county_id = ", *unit.county_id);
        } else {
            f.Add("WHERE t.county_id IN (SELECT o.id FROM org_units o WHERE o.kind = 'county' AND o.path >= ", unit.path);
            f.Add(" AND o.path < ", bound, ")");
        }
        f.Add(" AND t.term >= ", q.search);
        f.Add(" AND t.term < ", core::people::SearchUpperBound(q.search));
        if (join) {
            f.Add(" AND s.org_path >= ", unit.path);
            f.Add(" AND s.org_path < ", bound);
            AddListFilters(f, q);
        }
        f.Add(" LIMIT ", limit);
        XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(f.sql, f.params));
        found.clear();
        std::unordered_set<core::people::StudentId> seen;
        XINQIAO_RETURN_IF_ERROR(rs.Each([&](Row& row) -> Status {
            const auto id = row.Int();
            if (found.size() < kEnough && seen.insert(id).second) found.push_back(id);
            return core::Ok();
        }));
        if (found.size() >= kEnough || static_cast<std::int64_t>(rs.rows()) < limit) break;
    }

    core::people::StudentPage page;
    page.more = found.size() > static_cast<std::size_t>(core::people::kMaxSearchMatches);
    if (page.more) found.resize(core::people::kMaxSearchMatches);
    page.total = static_cast<std::int64_t>(found.size());
    if (q.Offset() >= page.total) return page;
    // The page among them: the ids as a list of one of a few lengths (the last id repeated), so a
    // handful of statements serve every search.
    std::size_t slots = 0;
    for (const std::size_t n : {8, 32, 96, core::people::kMaxSearchMatches}) {
        slots = n;
        if (n >= found.size()) break;
    }
    found.resize(slots, found.back());
    SqlBuilder f;
    f.Text(kListColumns + "WHERE s.id IN (");
    f.List(found);
    f.Text(")");
    f.Add(OrderBy(q) + " LIMIT ", std::int64_t{q.page_size});
    f.Add(" OFFSET ", q.Offset());
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(f.sql, f.params));
    XINQIAO_ASSIGN_OR_RETURN(page.items, ReadListItems(rs, keyring_));
    return page;
}

void AddStudentSearch(SqlBuilder& b, std::string_view student_column, const std::string& key) {
    if (key.empty()) return;
    b.Add(" AND EXISTS (SELECT 1 FROM student_search_terms st WHERE st.student_id = " + std::string(student_column) +
              " AND st.term >= ",
          key);
    b.Add(" AND st.term < ", core::people::SearchUpperBound(key), ")");
}

Status WriteStudentSearchTerms(Session& session, const Student& s, bool replace) {
    if (replace) XINQIAO_RETURN_IF_ERROR(session.Execute(kDeleteTerms, {s.id}));
    const auto terms = core::people::SearchTerms(s.name, PinyinOf(s.name), s.student_number);
    if (terms.empty()) return core::Ok();
    Params params = {s.school_id, s.id, s.county_id};
    for (const auto& t : terms) params.emplace_back(t);
    XINQIAO_RETURN_IF_ERROR(session.Execute(InsertTermsSql(terms.size()), params));
    return core::Ok();
}

Result<core::people::StudentId> SqlStudentRepository::Insert(const Student& s) {
    Params params = StudentParams(keyring_, s);
    params.pop_back();  // no id: the database assigns it
    auto rs = session_.Query(kInsert, params);
    if (!rs) {
        if (rs.error().code == core::ErrorCode::kAlreadyExists) {
            return Error::AlreadyExists("this student number is already used in this school", "/student_number");
        }
        return std::move(rs).error();
    }
    Student stored = s;
    stored.id = rs->Int();
    XINQIAO_RETURN_IF_ERROR(WriteStudentSearchTerms(session_, stored, false));
    return stored.id;
}

Status SqlStudentRepository::InsertWithId(const Student& s) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kInsertWithId, StudentParams(keyring_, s)));
    return WriteStudentSearchTerms(session_, s, false);
}

Status SqlStudentRepository::InsertGuardian(const core::people::Guardian& g) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(
        kInsertGuardian, {g.id, g.student_id, g.county_id, g.name,
                          std::string(core::people::GuardianRelationName(g.relation)),
                          Sealed(keyring_, g.phone, kGuardianPhoneContext), Hashed(keyring_, g.phone),
                          std::int64_t{g.is_primary}}));
    return core::Ok();
}

Status SqlStudentRepository::InsertStaff(const core::people::StaffMember& m) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(
        kInsertStaff, {m.id, m.org_unit_id, OptionalInt(m.county_id), m.name,
                       std::string(core::people::StaffPositionName(m.position)),
                       Sealed(keyring_, m.phone, kStaffPhoneContext), Hashed(keyring_, m.phone)}));
    return core::Ok();
}

Result<std::optional<core::people::StaffMember>> SqlStudentRepository::StaffByAccount(std::int64_t account_id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kStaffByAccount, {account_id}));
    return rs.First([&](Row& row) -> Result<core::people::StaffMember> {
        core::people::StaffMember m;
        m.id = row.Int();
        m.org_unit_id = row.Int();
        m.county_id = row.OptInt();
        m.name = row.Text();
        m.position = core::people::ParseStaffPosition(row.View()).value_or(core::people::StaffPosition::kOther);
        if (const auto sealed = row.View(); !sealed.empty()) {
            XINQIAO_ASSIGN_OR_RETURN(m.phone, keyring_.Decrypt(sealed, kStaffPhoneContext));
        }
        m.account_id = row.Int();
        m.staff_number = row.Text();
        return m;
    });
}

Result<core::people::StaffId> SqlStudentRepository::PutStaff(const core::people::StaffMember& m) {
    std::vector<Value> params = {m.org_unit_id, OptionalInt(m.county_id), m.name,
                                 std::string(core::people::StaffPositionName(m.position)),
                                 Sealed(keyring_, m.phone, kStaffPhoneContext), Hashed(keyring_, m.phone),
                                 OptionalInt(m.account_id), m.staff_number};
    if (m.id == 0) {
        XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kAddStaff, params));
        return rs.Int();
    }
    params.emplace_back(m.id);
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kUpdateStaff, params));
    return m.id;
}

Result<std::optional<Student>> SqlStudentRepository::FindByNumber(core::org::OrgUnitId school,
                                                                   const std::string& number) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kFindByNumber, {school, number}));
    return rs.First([&](Row& row) { return ReadStudent(row, keyring_); });
}

Status SqlStudentRepository::Update(const Student& s) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kUpdate, StudentParams(keyring_, s)));
    return WriteStudentSearchTerms(session_, s, true);
}

Result<bool> SqlStudentRepository::AddGuardianIfNew(const core::people::Guardian& g) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, g.phone.empty() ? session_.Query(kGuardianByName, {g.student_id, g.name})
                                                      : session_.Query(kGuardianByPhone, {g.student_id, keyring_.LookupHash(g.phone)}));
    if (!rs.empty()) return false;
    XINQIAO_RETURN_IF_ERROR(session_.Execute(
        kAddGuardian, {g.student_id, g.county_id, g.name, std::string(core::people::GuardianRelationName(g.relation)),
                       Sealed(keyring_, g.phone, kGuardianPhoneContext), Hashed(keyring_, g.phone),
                       std::int64_t{g.is_primary}}));
    return true;
}

Result<Student> SqlStudentRepository::Get(core::people::StudentId id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kGetStudent, {id}));
    XINQIAO_ASSIGN_OR_RETURN(auto found, rs.First([&](Row& row) { return ReadStudent(row, keyring_); }));
    if (!found) return Error::NotFound("no student with id " + std::to_string(id));
    return std::move(*found);
}

Result<std::vector<Student>> SqlStudentRepository::ListClass(core::org::OrgUnitId class_id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kListClass, {class_id}));
    return rs.Map([&](Row& row) { return ReadStudent(row, keyring_); });
}

Result<std::vector<core::people::Guardian>> SqlStudentRepository::Guardians(core::people::StudentId id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSelectGuardians, {id}));
    return rs.Map([&](Row& row) -> Result<core::people::Guardian> {
        core::people::Guardian g;
        g.id = row.Int();
        g.student_id = row.Int();
        g.county_id = row.Int();
        g.name = row.Text();
        g.relation = core::people::ParseGuardianRelation(row.View()).value_or(core::people::GuardianRelation::kOther);
        if (const auto sealed = row.View(); !sealed.empty()) {
            XINQIAO_ASSIGN_OR_RETURN(g.phone, keyring_.Decrypt(sealed, kGuardianPhoneContext));
        }
        g.is_primary = row.Bool();
        return g;
    });
}

Result<core::people::StudentNote> SqlStudentRepository::AddNote(const core::people::StudentNote& note) {
    const Value author = note.author_id ? Value(*note.author_id) : Value(nullptr);
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kInsertNote, {note.student_id, author, note.author_role,
                                                                   note.created_at,
                                                                   keyring_.Encrypt(note.body, kNoteContext)}));
    core::people::StudentNote stored = note;
    stored.id = rs.Int();
    return stored;
}

Result<std::vector<core::people::StudentNote>> SqlStudentRepository::Notes(core::people::StudentId id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSelectNotes, {id}));
    return rs.Map([&](Row& row) -> Result<core::people::StudentNote> {
        core::people::StudentNote n;
        n.id = row.Int();
        n.student_id = row.Int();
        n.author_id = row.OptInt();
        n.author_role = row.Text();
        n.author_name = row.Text();
        n.created_at = row.Text();
        XINQIAO_ASSIGN_OR_RETURN(n.body, keyring_.Decrypt(row.View(), kNoteContext));
        return n;
    });
}

Result<std::optional<core::people::StudentId>> SqlStudentRepository::FindByIdNumber(const std::string& id_number) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kFindByIdNumber, {keyring_.LookupHash(id_number)}));
    return rs.OptInt();
}

}  // namespace xinqiao::store
