#include "core/org/org_unit.hpp"

#include <algorithm>

#include "core/common/enum_names.hpp"
#include "core/common/text.hpp"

namespace xinqiao::core::org {
namespace {

constexpr NameTable<OrgKind, 13> kKinds = {{
    {OrgKind::kProvince, "province"},
    {OrgKind::kCity, "city"},
    {OrgKind::kCounty, "county"},
    {OrgKind::kTownship, "township"},
    {OrgKind::kSchool, "school"},
    {OrgKind::kGrade, "grade"},
    {OrgKind::kFaculty, "faculty"},
    {OrgKind::kClass, "class"},
    {OrgKind::kDormitory, "dormitory"},
    {OrgKind::kHospital, "hospital"},
    {OrgKind::kHotline, "hotline"},
    {OrgKind::kCommunityStation, "community_station"},
    {OrgKind::kBureauDepartment, "bureau_department"},
}};

constexpr NameTable<SchoolStage, 5> kStages = {{
    {SchoolStage::kPrimary, "primary"},
    {SchoolStage::kJunior, "junior"},
    {SchoolStage::kSenior, "senior"},
    {SchoolStage::kVocational, "vocational"},
    {SchoolStage::kUniversity, "university"},
}};

bool IsAdministrative(OrgKind k) { return k == OrgKind::kProvince || k == OrgKind::kCity || k == OrgKind::kCounty; }

}  // namespace

std::string_view OrgKindName(OrgKind kind) { return NameOf(kKinds, kind); }
std::optional<OrgKind> ParseOrgKind(std::string_view name) { return ParseName(kKinds, name); }
const std::vector<OrgKind>& AllOrgKinds() {
    static const std::vector<OrgKind> kAll = ValuesOf(kKinds);
    return kAll;
}

std::string_view SchoolStageName(SchoolStage stage) { return NameOf(kStages, stage); }
std::optional<SchoolStage> ParseSchoolStage(std::string_view name) { return ParseName(kStages, name); }
const std::vector<SchoolStage>& AllSchoolStages() {
    static const std::vector<SchoolStage> kAll = ValuesOf(kStages);
    return kAll;
}

bool CanBeChildOf(OrgKind child, std::optional<OrgKind> parent) {
    using K = OrgKind;
    if (!parent) return child == K::kProvince || child == K::kCity || child == K::kCounty;
    const K p = *parent;
    switch (child) {
        case K::kProvince: return false;
        case K::kCity: return p == K::kProvince;
        case K::kCounty: return p == K::kProvince || p == K::kCity;
        case K::kTownship: return p == K::kCounty;
        // Schools always sit under a county (directly or via a township): county_id is the
        // shard key of every student row.
        case K::kSchool: return p == K::kCounty || p == K::kTownship;
        case K::kGrade: return p == K::kSchool;
        case K::kFaculty: return p == K::kSchool;
        case K::kClass: return p == K::kGrade || p == K::kFaculty;
        case K::kDormitory: return p == K::kSchool;
        case K::kHospital:
        case K::kHotline:
        case K::kBureauDepartment: return IsAdministrative(p);
        case K::kCommunityStation: return p == K::kCounty || p == K::kTownship;
    }
    return false;
}

Status ValidateName(std::string_view name, std::string_view field) {
    const std::string f(field);
    if (!IsValidUtf8(name)) return Error::InvalidArgument("name is not valid UTF-8", f);
    if (TrimAscii(name) != name) return Error::InvalidArgument("name must not start or end with spaces", f);
    if (name.empty()) return Error::InvalidArgument("name must not be empty", f);
    if (CodePointCount(name) > 100) return Error::InvalidArgument("name is longer than 100 characters", f);
    if (HasControlCharacter(name)) return Error::InvalidArgument("name must not contain control characters", f);
    return Ok();
}

Status ValidateCode(std::string_view code, std::string_view field) {
    if (code.size() > 32) return Error::InvalidArgument("code is longer than 32 characters", std::string(field));
    for (char c : code) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
        if (!ok) return Error::InvalidArgument("code may hold only letters, digits, '-' and '_'", std::string(field));
    }
    return Ok();
}

Status ValidatePlacement(const NewOrgUnit& unit, const OrgUnit* parent) {
    XINQIAO_RETURN_IF_ERROR(ValidateName(unit.name));
    XINQIAO_RETURN_IF_ERROR(ValidateCode(unit.code));
    const std::optional<OrgKind> parent_kind = parent ? std::optional(parent->kind) : std::nullopt;
    if (!CanBeChildOf(unit.kind, parent_kind)) {
        std::string msg = "a " + std::string(OrgKindName(unit.kind)) + " cannot be placed ";
        msg += parent ? "under a " + std::string(OrgKindName(parent->kind)) : "at the top level";
        return Error::InvalidArgument(std::move(msg), parent ? "/parent_id" : "/kind");
    }
    if (unit.kind == OrgKind::kSchool && !unit.stage) {
        return Error::InvalidArgument("a school needs a stage", "/stage");
    }
    if (unit.kind != OrgKind::kSchool && unit.stage) {
        return Error::InvalidArgument("only a school has a stage", "/stage");
    }
    if (unit.kind != OrgKind::kSchool && unit.is_boarding) {
        return Error::InvalidArgument("only a school can be a boarding school", "/is_boarding");
    }
    if (unit.kind == OrgKind::kFaculty && (!parent || parent->stage != SchoolStage::kUniversity)) {
        return Error::InvalidArgument("a faculty can only be placed under a university", "/parent_id");
    }
    return Ok();
}

Status ValidateMove(const OrgUnit& unit, const OrgUnit* new_parent) {
    if (new_parent && IsInSubtree(new_parent->path, unit.path)) {
        return Error::FailedPrecondition("a unit cannot be moved under itself or one of its own units", "/parent_id");
    }
    NewOrgUnit as_new{new_parent ? std::optional(new_parent->id) : std::nullopt, unit.kind, unit.name,
                      unit.code, unit.stage, unit.is_boarding};
    return ValidatePlacement(as_new, new_parent);
}

Words OrgKindWords(OrgKind kind) {
    switch (kind) {
        case OrgKind::kProvince: return {"省", "Province"};
        case OrgKind::kCity: return {"市", "City"};
        case OrgKind::kCounty: return {"区县", "County"};
        case OrgKind::kTownship: return {"乡镇", "Township"};
        case OrgKind::kSchool: return {"学校", "School"};
        case OrgKind::kGrade: return {"年级", "Grade"};
        case OrgKind::kFaculty: return {"院系", "Faculty"};
        case OrgKind::kClass: return {"班级", "Class"};
        case OrgKind::kDormitory: return {"宿舍", "Dormitory"};
        case OrgKind::kHospital: return {"医院", "Hospital"};
        case OrgKind::kHotline: return {"热线", "Hotline"};
        case OrgKind::kCommunityStation: return {"社区站点", "Community station"};
        case OrgKind::kBureauDepartment: return {"局内科室", "Bureau department"};
    }
    return {"", ""};
}

std::string ClassLabel(std::string_view grade_name, std::string_view class_name) {
    if (class_name.substr(0, grade_name.size()) == grade_name) return std::string(class_name);
    return std::string(grade_name) + std::string(class_name);
}

std::string ChildPath(std::string_view parent_path, OrgUnitId id) {
    std::string path = parent_path.empty() ? std::string("/") : std::string(parent_path);
    path += std::to_string(id);
    path += '/';
    return path;
}

std::string SubtreeUpperBound(std::string_view path) {
    XINQIAO_ASSERT(!path.empty() && path.back() == '/', "a materialized path ends with '/'");
    // '0' is the byte after '/', so every path that starts with `path` sorts below the bound
    // and every sibling with a longer id ("/1/50/") sorts at or above it.
    std::string bound(path.substr(0, path.size() - 1));
    bound += '0';
    return bound;
}

std::vector<OrgUnitId> PathIds(std::string_view path) {
    std::vector<OrgUnitId> ids;
    if (path.size() < 3 || path.front() != '/' || path.back() != '/') return {};
    std::size_t start = 1;
    while (start < path.size()) {
        const std::size_t end = path.find('/', start);
        const auto id = ParseInt64(path.substr(start, end - start));
        if (!id || *id <= 0) return {};
        ids.push_back(*id);
        start = end + 1;
    }
    return ids;
}

bool IsInSubtree(std::string_view path, std::string_view ancestor_path) {
    return !ancestor_path.empty() && path.substr(0, ancestor_path.size()) == ancestor_path;
}

std::optional<OrgUnitId> CountyIdFor(OrgKind kind, OrgUnitId id, const OrgUnit* parent) {
    if (kind == OrgKind::kCounty) return id;
    return parent ? parent->county_id : std::nullopt;
}

}  // namespace xinqiao::core::org
