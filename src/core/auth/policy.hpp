#pragma once
// Who may do what: permission = role x scope x relationship x tier (ARCHITECTURE.md, "Privacy
// tiers"). The whole policy is two declarative tables in policy.cpp, one row per role: kPolicy,
// one cell per action, and kRoleTraits, what a role may take on beyond actions (a second factor,
// a place on a crisis team, pairing with a student). The service layer asks the functions of this
// header and nothing else decides.
//
// Invariants:
//  - A grant covers the subtree of its org unit: a class teacher's grant sits on their class,
//    a psychology teacher's on their school, a bureau's on its county or city.
//  - A cell's Reach narrows the subtree by relationship: a class teacher reaches students they
//    are paired with even outside their class; a student reaches only themself; a guardian only
//    their own children; a peer observer may file observations and never reads.
//  - Deny wins nothing: the best of all grants decides (allow > break-glass > deny).
//  - Break-glass means "allowed with a written reason, flagged to auditors"; the caller must
//    supply the reason and audit it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/words.hpp"
#include "core/org/org_unit.hpp"

namespace xinqiao::core::auth {

enum class Role {
    kAdmin,              // 管理员: users, roles, keys; no student data
    kAuditor,            // 审计员: reads the audit trail
    kBureauStaff,        // 区县/市 心理中心, 教育局
    kSchoolLeader,       // 校领导
    kPsychologyTeacher,  // 心理教师 / 辅导员
    kGradeLead,          // 年级长 / 院系
    kClassTeacher,       // 班主任
    kPeerObserver,       // 心理委员 / 朋辈
    kStudent,            // 学生
    kGuardian,           // 家长
    kHospitalPartner,    // 医院 (医教协作)
    kHotlineOperator,    // 热线
};
const std::vector<Role>& AllRoles();
std::string_view RoleName(Role r);  // "psychology_teacher", ...
std::optional<Role> ParseRole(std::string_view name);
// What a person reads for the role (管理员, 心理教师, ...), as the workbench names it.
Words RoleWords(Role r);
// Roles that must use two-factor sign-in (issue #3): admin, auditor, bureau, psychology teacher.
bool RequiresTwoFactor(Role r);
// Roles that administrators grant and revoke (user management, staff imports): the staff roles
// and peer observers. Administrators and auditors are granted by the operator (the command
// line), students and guardians by their sign-in codes.
bool IsUserManaged(Role r);
// Roles that may serve on a crisis team (危机干预小组): staff who work with students, and doctors
// of partner hospitals; not administrators, auditors, peer observers, students or guardians.
bool MayServeOnCrisisTeam(Role r);
// Roles a student may be paired with (结对): the teachers who meet them, i.e. class teachers,
// grade leads and psychology teachers.
bool MayBePaired(Role r);

// Why a grant of `role` does not belong on a unit of `kind` ("a class teacher (班主任) belongs on
// a class"), or nothing if it does. Only staff roles belong anywhere: administrators and
// auditors are granted by the operator, students and guardians through their codes.
std::optional<std::string> MisfitRole(Role role, org::OrgKind kind);

// Privacy tiers: T0 aggregates, T1 roster, T2 risk and cases, T3 answers and notes.
enum class Tier { kT0, kT1, kT2, kT3 };

enum class Action {
    kViewAggregates,   // T0: counts and indicators (cells under 5 shown as "<5")
    kViewRoster,       // T1: names, classes, participation
    kViewRisk,         // T2: risk levels, alerts, case status
    kViewRecords,      // T3: answers, notes, counselling records, hospital feedback
    kEditOrgTree,      // create, rename, move org units
    kEditRoster,       // add, change and import students and guardians
    kFileObservation,  // a peer's or teacher's observation about a student
    kManageUsers,      // accounts and grants
    kReadAudit,        // query and export the audit trail
    kWriteRecords,     // T3 writes: notes of talks, home contacts, counselling records
    kIssueSignInCodes, // print students' sign-in codes, invite guardians
    kRunCampaigns,     // create, close, extend and reopen screening campaigns
    kAnswerScreening,  // answer one's own screening questionnaires
    kRecordConsent,    // give (guardian) or record (teacher) consent to a screening
    kHandleAlerts,     // acknowledge, assign, escalate and close alerts about a student
    kManageCases,      // open a crisis case on a student, move it through the steps, close and reopen it
    kReferrals,        // T3: a hospital referral's reason, the hospital's feedback, the return assessment and
                       // plan; read and written only by the case team (crisis team roles, the referred hospital)
    kExportRoster,     // T1 in a file that leaves the system: per-student rows in downloaded exports.
                       // Bureaus see rosters on screen but export counts only (no names leave a school)
};
const std::vector<Action>& AllActions();
std::string_view ActionName(Action a);
// The tier of the data an action reads; empty for writes and administration.
std::optional<Tier> TierOf(Action a);
// True for actions that change data (and are therefore always audited).
bool IsWrite(Action a);

enum class Effect { kDeny, kBreakGlass, kAllow };

// How far a cell reaches from the grant's unit.
enum class Reach {
    kSubtree,           // everything under the grant's unit
    kSubtreeOrPaired,   // that, plus students the user is paired with anywhere
    kSelf,              // only the user's own student record
    kOwnChild,          // only the guardian's own children
    kReferred,          // only students referred to the user's hospital
    kRegion,            // everything under the parent of the grant's unit: a hotline serves its region
};

// The path whose subtree a `reach` of kSubtree, kSubtreeOrPaired or kRegion covers from a grant
// on `unit_path`: the unit itself, or for kRegion its parent ("/" for a root).
std::string_view SubtreeReached(Reach reach, std::string_view unit_path);

struct Rule {
    Effect effect = Effect::kDeny;
    Reach reach = Reach::kSubtree;
};

// The policy cell for `role` and `action`.
Rule RuleFor(Role role, Action action);

// A role held on an org unit (and so on its subtree).
struct Grant {
    Role role = Role::kStudent;
    org::OrgUnitId unit_id = 0;
    std::string unit_path;  // the unit's materialized path
};

// What an action is about: a place in the tree and, for student data, the user's relationship
// to that student. `org_path` is the path of the unit concerned (for a student, their class).
struct Target {
    std::string org_path;
    bool is_self = false;       // the student is the user
    bool is_own_child = false;  // the student is the user's child
    bool is_paired = false;     // the user is paired with the student
    bool is_referred = false;   // the student is referred to the user's hospital
};

struct Decision {
    Effect effect = Effect::kDeny;
    std::optional<Role> via;  // the role whose grant decided, if any
    bool allowed() const { return effect == Effect::kAllow; }
};

// The best decision any of `grants` gives for `action` on `target`.
Decision Authorize(const std::vector<Grant>& grants, Action action, const Target& target);

// Editing the top of the tree (creating a unit without a parent, or moving a unit there) is
// outside every grant's subtree: only an administrator does it, whatever unit their grant is on.
Decision AuthorizeTopLevelEdit(const std::vector<Grant>& grants);

// Whether a holder of `manager` grants may change the account that holds `held`: every held
// grant is of a user-managed role and lies where the manager may manage users. An account with
// a grant the manager cannot manage (an administrator's, a student's, another county's) is out of
// their hands as a whole.
bool MayManageGrants(const std::vector<Grant>& manager, const std::vector<Grant>& held);

// Whether an account with `grants` may join the crisis team of the unit at `team_path`: staff of
// the unit or of a unit above or below it, or doctors of a partner hospital in its region (a
// hospital under the team's unit or under a unit above it).
bool MayJoinCrisisTeam(const std::vector<Grant>& grants, std::string_view team_path);

}  // namespace xinqiao::core::auth
