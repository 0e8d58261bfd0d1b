#include "store/team_repository.hpp"

#include <map>

#include "core/people/student.hpp"
#include "core/org/org_unit.hpp"
#include "store/sealed_columns.hpp"
#include "store/sql_builder.hpp"
#include "store/student_repository.hpp"

namespace xinqiao::store {

Result<std::vector<core::cases::TeamMember>> SqlTeamRepository::Members(core::org::OrgUnitId unit) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query("SELECT m.account_id, a.login, a.display_name, m.duty, m.added_ms FROM crisis_team_members m "
                                "JOIN accounts a ON a.id = m.account_id WHERE m.org_unit_id = $1 "
                                "ORDER BY CASE WHEN m.duty = 'lead' THEN 0 ELSE 1 END, a.display_name, a.id",
                                {unit}));
    return rs.Map([](Row& row) {
        return core::cases::TeamMember{row.Int(), row.Text(), row.Text(), row.Text(), row.Int()};
    });
}

Status SqlTeamRepository::Put(core::org::OrgUnitId unit, std::int64_t account_id, const std::string& duty,
                              std::int64_t now_ms) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(
        "INSERT INTO crisis_team_members (org_unit_id, account_id, duty, added_ms) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (org_unit_id, account_id) DO UPDATE SET duty = excluded.duty",
        {unit, account_id, duty, now_ms}));
    return core::Ok();
}

Result<bool> SqlTeamRepository::Remove(core::org::OrgUnitId unit, std::int64_t account_id) {
    XINQIAO_ASSIGN_OR_RETURN(const auto n, session_.Execute("DELETE FROM crisis_team_members WHERE org_unit_id = $1 "
                                                            "AND account_id = $2",
                                                            {unit, account_id}));
    return n == 1;
}

Result<std::int64_t> SqlSupportRepository::Add(const core::people::Support& s) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query("INSERT INTO supports (student_id, org_path, kind, note_enc, given_on, author_id, created_ms) "
                                "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                                {s.student_id, s.org_path, s.kind,
                                 SealOrEmpty(keyring_, s.note, kSupportNote),
                                 core::FormatDate(s.given_on), OptionalInt(s.author_id), s.created_ms}));
    return rs.Int();
}

Result<std::vector<core::people::Support>> SqlSupportRepository::OfStudent(std::int64_t student_id, bool notes) {
    XINQIAO_ASSIGN_OR_RETURN(
        auto rs, session_.Query("SELECT s.id, s.student_id, s.org_path, s.kind, s.note_enc, s.given_on, s.author_id, "
                                "COALESCE(a.display_name, ''), s.created_ms FROM supports s LEFT JOIN accounts a ON "
                                "a.id = s.author_id WHERE s.student_id = $1 ORDER BY s.given_on DESC, s.id DESC",
                                {student_id}));
    return rs.Map([&](Row& row) -> Result<core::people::Support> {
        core::people::Support s;
        s.id = row.Int();
        s.student_id = row.Int();
        s.org_path = row.Text();
        s.kind = row.Text();
        const std::string_view sealed_note = row.View();
        if (notes) {
            XINQIAO_ASSIGN_OR_RETURN(s.note, OpenOrEmpty(keyring_, sealed_note, kSupportNote));
        }
        s.given_on = core::ParseDate(row.View()).value_or(core::Date{});
        s.author_id = row.OptInt();
        s.author_name = row.Text();
        s.created_ms = row.Int();
        return s;
    });
}

Result<std::vector<core::people::LedgerRow>> SqlSupportRepository::Ledger(const std::string& path,
                                                                          std::uint32_t situations,
                                                                          const std::string& search,
                                                                          const core::Date& since, int limit,
                                                                          int offset) {
    SqlBuilder b;
    b.Add(std::string("SELECT s.id, s.name, ") + kClassLabel + ", sch.name, s.special_situations, "
          "(SELECT COUNT(*) FROM supports p WHERE p.student_id = s.id AND p.given_on >= ",
          core::FormatDate(since),
          std::string("), (SELECT MAX(p.given_on) FROM supports p WHERE p.student_id = s.id) FROM students s") +
              kClassJoins + "JOIN org_units sch ON sch.id = s.school_id ");
    b.Add("WHERE s.org_path >= ", path);
    b.Add(" AND s.org_path < ", core::org::SubtreeUpperBound(path));
    if (situations == 0) {
        b.Text(" AND s.special_situations <> 0");
    } else {
        b.Add(" AND (s.special_situations & ", std::int64_t{situations}, ") <> 0");
    }
    AddStudentSearch(b, "s.id", search);
    b.Add(" ORDER BY s.org_path, s.name, s.id LIMIT ", std::int64_t{limit});
    b.Add(" OFFSET ", std::int64_t{offset});
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(b.sql, b.params));
    std::vector<core::people::LedgerRow> out = rs.Map([](Row& row) {
        core::people::LedgerRow l;
        l.student_id = row.Int();
        l.name = row.Text();
        l.class_name = row.Text();
        l.school_name = row.Text();
        l.situations = static_cast<std::uint32_t>(row.Int());
        l.supports = static_cast<int>(row.Int());
        if (const auto last = row.OptView()) l.last_support = core::ParseDate(*last);
        return l;
    });
    if (out.empty()) return out;
    std::vector<std::int64_t> ids;
    for (const auto& l : out) ids.push_back(l.student_id);
    // Who is paired with them, in one query for the page.
    SqlBuilder p;
    p.Text("SELECT l.student_id, a.display_name FROM account_students l JOIN accounts a ON a.id = l.account_id "
           "WHERE l.relation = 'paired' AND l.student_id IN (");
    p.List(ids);
    p.Text(") ORDER BY a.display_name");
    XINQIAO_ASSIGN_OR_RETURN(auto pairs, session_.Query(p.sql, p.params));
    std::map<std::int64_t, std::size_t> at;
    for (std::size_t i = 0; i < out.size(); ++i) at[out[i].student_id] = i;
    pairs.Each([&](Row& row) {
        auto& paired = out[at[row.Int()]].paired;
        paired.emplace_back(row.View());
    });
    return out;
}

Result<std::vector<core::people::CoverageRow>> SqlSupportRepository::Coverage(const std::string& path,
                                                                              const core::Date& since) {
    SqlBuilder b;
    b.Add("SELECT s.school_id, sch.name, s.special_situations, "
          "EXISTS (SELECT 1 FROM account_students l WHERE l.student_id = s.id AND l.relation = 'paired'), "
          "EXISTS (SELECT 1 FROM supports p WHERE p.student_id = s.id AND p.given_on >= ",
          core::FormatDate(since), ") FROM students s JOIN org_units sch ON sch.id = s.school_id ");
    b.Add("WHERE s.org_path >= ", path);
    b.Add(" AND s.org_path < ", core::org::SubtreeUpperBound(path));
    b.Text(" AND s.special_situations <> 0 ORDER BY sch.path");
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(b.sql, b.params));
    const auto& all = core::people::AllSpecialSituations();
    std::vector<core::people::CoverageRow> out;
    rs.Each([&](Row& r) {
        const auto school = r.Int();
        std::string school_name = r.Text();
        if (out.empty() || out.back().school_id != school) {
            out.push_back({school, std::move(school_name), 0, 0, 0, std::vector<std::int64_t>(all.size(), 0)});
        }
        auto& row = out.back();
        const auto bits = static_cast<std::uint32_t>(r.Int());
        ++row.flagged;
        row.paired += r.Bool() ? 1 : 0;
        row.supported += r.Bool() ? 1 : 0;
        for (std::size_t k = 0; k < all.size(); ++k) {
            if (bits & static_cast<std::uint32_t>(all[k])) ++row.by_situation[k];
        }
    });
    return out;
}

}  // namespace xinqiao::store
