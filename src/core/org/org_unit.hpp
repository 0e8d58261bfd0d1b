#pragma once
// The org tree: one tree of every unit Xinqiao knows, from province to class and the outside
// units (hospitals, hotlines, community stations, bureau departments).
//
// Invariants (kept by OrgService, checked here):
//  - `path` is the materialized path of ids from the root: "/1/5/23/" for unit 23 under 5
//    under 1. Everything under a unit is the half-open range [path, SubtreeUpperBound(path)),
//    so "all students of county X" is one indexed range scan.
//  - `depth` is the number of ids in `path` (a root has depth 1).
//  - `county_id` is the id of the nearest county at or above the unit, or empty above county
//    level. Schools and everything in them always have one: it is the shard key.
//  - A unit's kind may sit only under the parent kinds CanBeChildOf() allows.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.hpp"
#include "core/common/words.hpp"

namespace xinqiao::core::org {

using OrgUnitId = std::int64_t;

enum class OrgKind {
    kProvince,
    kCity,
    kCounty,
    kTownship,
    kSchool,
    kGrade,
    kFaculty,
    kClass,
    kDormitory,
    kHospital,
    kHotline,
    kCommunityStation,
    kBureauDepartment,
};

enum class SchoolStage { kPrimary, kJunior, kSenior, kVocational, kUniversity };

// Stable wire and database names ("county", "community_station", "university", ...).
std::string_view OrgKindName(OrgKind kind);
std::optional<OrgKind> ParseOrgKind(std::string_view name);
// What a person reads for the kind (区县, 学校, ...), as the workbench names it.
Words OrgKindWords(OrgKind kind);
const std::vector<OrgKind>& AllOrgKinds();
std::string_view SchoolStageName(SchoolStage stage);
std::optional<SchoolStage> ParseSchoolStage(std::string_view name);
const std::vector<SchoolStage>& AllSchoolStages();

struct OrgUnit {
    OrgUnitId id = 0;
    std::optional<OrgUnitId> parent_id;  // empty for a root
    OrgKind kind = OrgKind::kCounty;
    std::string name;
    std::string code;                   // administrative or school code; may be empty
    std::optional<SchoolStage> stage;   // schools only
    bool is_boarding = false;           // schools only
    std::string path;
    int depth = 1;
    std::optional<OrgUnitId> county_id;
};

// What a caller supplies to create a unit; id, path, depth and county_id are derived.
struct NewOrgUnit {
    std::optional<OrgUnitId> parent_id;
    OrgKind kind = OrgKind::kCounty;
    std::string name;
    std::string code;
    std::optional<SchoolStage> stage;
    bool is_boarding = false;
};

// True if a unit of kind `child` may sit directly under `parent` (empty = as a root).
bool CanBeChildOf(OrgKind child, std::optional<OrgKind> parent);

// Checks a new or edited unit against its (new) parent: kind placement, stage rules
// (schools need a stage, only schools have one, faculties only in universities) and the name.
// kInvalidArgument naming the field on failure.
Status ValidatePlacement(const NewOrgUnit& unit, const OrgUnit* parent);

// Name rules: trimmed, 1..100 characters, valid UTF-8, no control characters.
Status ValidateName(std::string_view name, std::string_view field = "/name");
// Code rules: 0..32 ASCII letters, digits, '-' or '_'.
Status ValidateCode(std::string_view code, std::string_view field = "/code");

// Checks that `unit` may move under `new_parent`: not under itself or its own subtree
// (kFailedPrecondition), and the kind rules as for creation (kInvalidArgument).
Status ValidateMove(const OrgUnit& unit, const OrgUnit* new_parent);

// Path of a unit `id` under a parent with path `parent_path` ("" for a root).
// A class named so it cannot be mistaken for another of its school: its grade's name before its
// own ("七年级" + "1班" = "七年级1班"), unless the class's name already begins with it.
std::string ClassLabel(std::string_view grade_name, std::string_view class_name);

std::string ChildPath(std::string_view parent_path, OrgUnitId id);
// Exclusive upper bound of the subtree range of `path`: "/1/5/" -> "/1/50".
// Requires: path ends with '/'.
std::string SubtreeUpperBound(std::string_view path);
// The ids along `path`, root first. Empty on a malformed path.
std::vector<OrgUnitId> PathIds(std::string_view path);
// True if `path` lies in the subtree of `ancestor_path` (itself included).
bool IsInSubtree(std::string_view path, std::string_view ancestor_path);

// The county id a unit of `kind` with id `id` gets under `parent` (see invariants).
std::optional<OrgUnitId> CountyIdFor(OrgKind kind, OrgUnitId id, const OrgUnit* parent);

// How much lies under a unit (itself included): what the org tree browser shows.
struct SubtreeCounts {
    std::int64_t schools = 0;
    std::int64_t classes = 0;
    std::int64_t students = 0;
};

}  // namespace xinqiao::core::org
