#include "store/org_repository.hpp"

#include "store/sql_builder.hpp"

namespace xinqiao::store {
namespace {

using core::Error;
using core::org::OrgUnit;
using core::org::OrgUnitId;

constexpr const char* kColumns = "id, parent_id, kind, name, code, stage, is_boarding, path, depth, county_id";

std::vector<OrgUnit> ToUnits(const ResultSet& rs) {
    return rs.Map([](Row& row) {
        OrgUnit u;
        u.id = row.Int();
        u.parent_id = row.OptInt();
        // The kind and stage columns only ever hold names written by this code.
        u.kind = core::org::ParseOrgKind(row.View()).value_or(core::org::OrgKind::kCounty);
        u.name = row.Text();
        u.code = row.Text();
        if (const auto stage = row.OptView()) u.stage = core::org::ParseSchoolStage(*stage);
        u.is_boarding = row.Bool();
        u.path = row.Text();
        u.depth = static_cast<int>(row.Int());
        u.county_id = row.OptInt();
        return u;
    });
}

Value StageValue(const std::optional<core::org::SchoolStage>& stage) {
    return stage ? Value(std::string(core::org::SchoolStageName(*stage))) : Value(nullptr);
}

// A unique violation on org_units can only be the sibling-name index (paths derive from ids).
Error SiblingNameTaken() {
    return Error::AlreadyExists("another unit with this name already exists under the same parent", "/name");
}

template <typename T>
Result<T> MapSiblingConflict(Result<T> r) {
    if (!r && r.error().code == core::ErrorCode::kAlreadyExists) return SiblingNameTaken();
    return r;
}

const std::string kSelectById = std::string("SELECT ") + kColumns + " FROM org_units WHERE id = $1";
const std::string kSelectRoots =
    std::string("SELECT ") + kColumns + " FROM org_units WHERE parent_id IS NULL ORDER BY name, id";
const std::string kSelectChildren =
    std::string("SELECT ") + kColumns + " FROM org_units WHERE parent_id = $1 ORDER BY kind, name, id";
const std::string kSelectSubtree = std::string("SELECT ") + kColumns +
                                   " FROM org_units WHERE path >= $1 AND path < $2 ORDER BY depth, kind, name, id";
constexpr const char* kCountUnits =
    "SELECT kind, COUNT(*) FROM org_units WHERE path >= $1 AND path < $2 AND kind IN ('school', 'class') "
    "GROUP BY kind";
constexpr const char* kCountStudents = "SELECT COUNT(*) FROM students WHERE org_path >= $1 AND org_path < $2";
// LIKE with a backslash escaping the pattern characters of the search text; lower() folds ASCII on both
// backends (SQLite's LIKE ignores ASCII case anyway, PostgreSQL's does not).
const std::string kSearch = std::string("SELECT ") + kColumns +
                            " FROM org_units WHERE path >= $1 AND path < $2 AND lower(name) LIKE $3 ESCAPE '\\' "
                            "ORDER BY depth, kind, name, id LIMIT $4";

constexpr const char* kInsert =
    "INSERT INTO org_units (parent_id, kind, name, code, stage, is_boarding, path, depth, county_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
constexpr const char* kInsertWithId =
    "INSERT INTO org_units (id, parent_id, kind, name, code, stage, is_boarding, path, depth, county_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
constexpr const char* kSetDerived = "UPDATE org_units SET path = $2, county_id = $3 WHERE id = $1";
constexpr const char* kUpdateAttributes =
    "UPDATE org_units SET name = $2, code = $3, stage = $4, is_boarding = $5 WHERE id = $1";
// Moving a subtree rewrites the path prefix, depth and (below county level) county of every
// unit and student in the range [old_path, old_bound). The CASTs give PostgreSQL the parameter
// types it cannot infer inside || and CASE; SQLite reads them the same way.
constexpr const char* kMoveUnits =
    "UPDATE org_units SET path = CAST($3 AS TEXT) || substr(path, CAST($4 AS INTEGER)), "
    "depth = depth + CAST($5 AS INTEGER), "
    "county_id = CASE WHEN CAST($6 AS INTEGER) = 1 THEN CAST($7 AS BIGINT) ELSE county_id END "
    "WHERE path >= $1 AND path < $2";
constexpr const char* kMoveStudents =
    "UPDATE students SET org_path = CAST($3 AS TEXT) || substr(org_path, CAST($4 AS INTEGER)), "
    "county_id = CASE WHEN CAST($5 AS INTEGER) = 1 THEN CAST($6 AS BIGINT) ELSE county_id END "
    "WHERE org_path >= $1 AND org_path < $2";
// Screening records placed in the tree move with it; the audit trail keeps where things were.
constexpr const char* kPlacedTables[] = {"campaigns", "assignments", "alerts"};
std::string MovePlacedSql(const std::string& table) {
    return "UPDATE " + table +
           " SET org_path = CAST($3 AS TEXT) || substr(org_path, CAST($4 AS INTEGER)) "
           "WHERE org_path >= $1 AND org_path < $2";
}
constexpr const char* kSetParent = "UPDATE org_units SET parent_id = $2 WHERE id = $1";

}  // namespace

Result<OrgUnit> SqlOrgRepository::Get(OrgUnitId id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSelectById, {id}));
    if (rs.empty()) return Error::NotFound("no org unit with id " + std::to_string(id));
    return ToUnits(rs).front();
}

Result<std::vector<OrgUnit>> SqlOrgRepository::GetMany(const std::vector<OrgUnitId>& ids) {
    std::vector<OrgUnit> units;
    for (OrgUnitId id : ids) {  // at most the depth of the tree: a handful of indexed lookups
        XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSelectById, {id}));
        for (auto& u : ToUnits(rs)) units.push_back(std::move(u));
    }
    return units;
}

Result<std::vector<OrgUnit>> SqlOrgRepository::ListRoots() {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSelectRoots));
    return ToUnits(rs);
}

Result<std::vector<OrgUnit>> SqlOrgRepository::Children(OrgUnitId id) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSelectChildren, {id}));
    return ToUnits(rs);
}

Result<std::vector<OrgUnit>> SqlOrgRepository::Subtree(const OrgUnit& root) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSelectSubtree, {root.path, core::org::SubtreeUpperBound(root.path)}));
    return ToUnits(rs);
}

Result<core::org::SubtreeCounts> SqlOrgRepository::Counts(const std::string& path) {
    const std::string bound = core::org::SubtreeUpperBound(path);
    core::org::SubtreeCounts c;
    XINQIAO_ASSIGN_OR_RETURN(auto units, session_.Query(kCountUnits, {path, bound}));
    units.Each([&](Row& row) {
        const bool school = row.View() == "school";
        (school ? c.schools : c.classes) = row.Int();
    });
    XINQIAO_ASSIGN_OR_RETURN(auto students, session_.Query(kCountStudents, {path, bound}));
    c.students = students.Int();
    return c;
}

Result<std::vector<OrgUnit>> SqlOrgRepository::Search(const std::string& path, const std::string& text, int limit) {
    XINQIAO_ASSIGN_OR_RETURN(auto rs, session_.Query(kSearch, {path, core::org::SubtreeUpperBound(path),
                                                               LikeContains(text), std::int64_t{limit}}));
    return ToUnits(rs);
}

Result<OrgUnit> SqlOrgRepository::Create(const core::org::NewOrgUnit& n, const OrgUnit* parent) {
    OrgUnit u;
    u.parent_id = parent ? std::optional(parent->id) : std::nullopt;
    u.kind = n.kind;
    u.name = n.name;
    u.code = n.code;
    u.stage = n.stage;
    u.is_boarding = n.is_boarding;
    u.depth = parent ? parent->depth + 1 : 1;
    // The path holds the new id, known only after the insert: insert with a unique
    // placeholder, then set the derived columns.
    const std::string placeholder = (parent ? parent->path : std::string("/")) + "new/";
    auto inserted = MapSiblingConflict(session_.Query(
        kInsert, {OptionalInt(u.parent_id), std::string(core::org::OrgKindName(u.kind)), u.name, u.code,
                  StageValue(u.stage), std::int64_t{u.is_boarding}, placeholder, std::int64_t{u.depth}, nullptr}));
    if (!inserted) return std::move(inserted).error();
    u.id = inserted->Int();
    u.path = core::org::ChildPath(parent ? parent->path : "", u.id);
    u.county_id = core::org::CountyIdFor(u.kind, u.id, parent);
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kSetDerived, {u.id, u.path, OptionalInt(u.county_id)}));
    return u;
}

Status SqlOrgRepository::InsertWithId(const OrgUnit& u) {
    XINQIAO_RETURN_IF_ERROR(session_.Execute(
        kInsertWithId, {u.id, OptionalInt(u.parent_id), std::string(core::org::OrgKindName(u.kind)), u.name, u.code,
                        StageValue(u.stage), std::int64_t{u.is_boarding}, u.path, std::int64_t{u.depth},
                        OptionalInt(u.county_id)}));
    return core::Ok();
}

Status SqlOrgRepository::UpdateAttributes(const OrgUnit& u) {
    auto r = MapSiblingConflict(
        session_.Execute(kUpdateAttributes, {u.id, u.name, u.code, StageValue(u.stage), std::int64_t{u.is_boarding}}));
    if (!r) return std::move(r).error();
    return core::Ok();
}

Result<OrgUnit> SqlOrgRepository::Move(const OrgUnit& unit, const OrgUnit* new_parent) {
    OrgUnit moved = unit;
    moved.parent_id = new_parent ? std::optional(new_parent->id) : std::nullopt;
    moved.path = core::org::ChildPath(new_parent ? new_parent->path : "", unit.id);
    moved.depth = new_parent ? new_parent->depth + 1 : 1;
    moved.county_id = core::org::CountyIdFor(unit.kind, unit.id, new_parent);
    // Units at or above county level keep the counties below them; anything under a county
    // takes the new parent's county.
    const bool rewrite_county = unit.county_id.has_value() && unit.kind != core::org::OrgKind::kCounty;
    const std::string bound = core::org::SubtreeUpperBound(unit.path);
    const Value cut = static_cast<std::int64_t>(unit.path.size() + 1);
    const Value rewrite = std::int64_t{rewrite_county ? 1 : 0};
    auto reparented = MapSiblingConflict(session_.Execute(kSetParent, {unit.id, OptionalInt(moved.parent_id)}));
    if (!reparented) return std::move(reparented).error();
    XINQIAO_RETURN_IF_ERROR(session_.Execute(kMoveUnits, {unit.path, bound, moved.path, cut,
                                                          std::int64_t{moved.depth - unit.depth}, rewrite,
                                                          OptionalInt(moved.county_id)}));
    XINQIAO_RETURN_IF_ERROR(
        session_.Execute(kMoveStudents, {unit.path, bound, moved.path, cut, rewrite, OptionalInt(moved.county_id)}));
    for (const char* table : kPlacedTables) {
        XINQIAO_RETURN_IF_ERROR(session_.Execute(MovePlacedSql(table), {unit.path, bound, moved.path, cut}));
    }
    return moved;
}

}  // namespace xinqiao::store
