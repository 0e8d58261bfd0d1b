#include "core/auth/policy.hpp"

#include <array>

#include "core/common/enum_names.hpp"

namespace xinqiao::core::auth {
namespace {

constexpr NameTable<Role, 12> kRoles = {{
    {Role::kAdmin, "admin"},
    {Role::kAuditor, "auditor"},
    {Role::kBureauStaff, "bureau_staff"},
    {Role::kSchoolLeader, "school_leader"},
    {Role::kPsychologyTeacher, "psychology_teacher"},
    {Role::kGradeLead, "grade_lead"},
    {Role::kClassTeacher, "class_teacher"},
    {Role::kPeerObserver, "peer_observer"},
    {Role::kStudent, "student"},
    {Role::kGuardian, "guardian"},
    {Role::kHospitalPartner, "hospital_partner"},
    {Role::kHotlineOperator, "hotline_operator"},
}};

constexpr NameTable<Action, 18> kActions = {{
    {Action::kViewAggregates, "view_aggregates"},
    {Action::kViewRoster, "view_roster"},
    {Action::kViewRisk, "view_risk"},
    {Action::kViewRecords, "view_records"},
    {Action::kEditOrgTree, "edit_org_tree"},
    {Action::kEditRoster, "edit_roster"},
    {Action::kFileObservation, "file_observation"},
    {Action::kManageUsers, "manage_users"},
    {Action::kReadAudit, "read_audit"},
    {Action::kWriteRecords, "write_records"},
    {Action::kIssueSignInCodes, "issue_sign_in_codes"},
    {Action::kRunCampaigns, "run_campaigns"},
    {Action::kAnswerScreening, "answer_screening"},
    {Action::kRecordConsent, "record_consent"},
    {Action::kHandleAlerts, "handle_alerts"},
    {Action::kManageCases, "manage_cases"},
    {Action::kReferrals, "referrals"},
    {Action::kExportRoster, "export_roster"},
}};

constexpr Rule D{Effect::kDeny, Reach::kSubtree};
constexpr Rule A{Effect::kAllow, Reach::kSubtree};
constexpr Rule B{Effect::kBreakGlass, Reach::kSubtree};
constexpr Rule AP{Effect::kAllow, Reach::kSubtreeOrPaired};
constexpr Rule BP{Effect::kBreakGlass, Reach::kSubtreeOrPaired};
constexpr Rule ASelf{Effect::kAllow, Reach::kSelf};
constexpr Rule AChild{Effect::kAllow, Reach::kOwnChild};
constexpr Rule ARef{Effect::kAllow, Reach::kReferred};
constexpr Rule AReg{Effect::kAllow, Reach::kRegion};

constexpr std::size_t kActionCount = kActions.size();

struct Row {
    Role role;
    std::array<Rule, kActionCount> cells;
};

// THE POLICY. Columns in Action order:
//   aggregates  roster  risk  records  org-tree  roster-edit  observation  users  audit
//   records-write  sign-in-codes  campaigns  answer  consent  alerts  cases  referrals  export
// Tiers from ARCHITECTURE.md: T1 school staff (class teacher: own class); T2 psychology
// teacher, class teacher for own class, crisis team, leaders; T3 psychology teacher / case
// team, others only by break-glass with a reason. Admins run accounts and never read student
// data; auditors read only the audit trail. Class teachers write notes of their talks and home
// contacts for their class and paired students, and print sign-in codes for their own class.
// Bureaus, school leaders and psychology teachers run screening campaigns; a student answers
// their own questionnaires; a guardian consents for their child, and class and psychology
// teachers record a consent given on paper. Alerts are handled (acknowledged, assigned, escalated,
// closed) by the warning network: class teachers for their class, grade leads, psychology
// teachers, school leaders and bureau staff within their units. Signals (observations) are filed
// by staff within their units, peer observers about their class, hotline operators within their
// region (the unit above their hotline), guardians about their own child, a hospital about students referred to it, and a
// student about themself (asking for help); filing reads nothing back. Crisis cases are opened,
// moved through the six steps, closed and reopened by psychology teachers, school leaders and the
// county centre (the crisis teams); their records are written by those who write records. A referral to a
// hospital is shared only with the case team: those crisis team roles and the hospital it went to.
// Per-student rows leave in exports only from a school's own staff: a bureau downloads counts.
constexpr std::array<Row, 12> kPolicy = {{
    //                          agg  roster  risk  records  org  roster  obs     users  audit  rec-w  codes  camp  answer  consent  alerts  cases  refer  export
    {Role::kAdmin,             {A,   D,      D,    D,       A,   A,      D,      A,     D,     D,     D,     D,    D,      D,       D,      D,     D,     D}},
    {Role::kAuditor,           {A,   D,      D,    D,       D,   D,      D,      D,     A,     D,     D,     D,    D,      D,       D,      D,     D,     D}},
    {Role::kBureauStaff,       {A,   A,      A,    B,       A,   D,      A,      D,     D,     D,     D,     A,    D,      D,       A,      A,     A,     D}},
    {Role::kSchoolLeader,      {A,   A,      A,    B,       D,   A,      A,      D,     D,     D,     A,     A,    D,      D,       A,      A,     A,     A}},
    {Role::kPsychologyTeacher, {A,   A,      A,    A,       D,   A,      A,      D,     D,     A,     A,     A,    D,      A,       A,      A,     A,     A}},
    {Role::kGradeLead,         {A,   A,      A,    B,       D,   D,      A,      D,     D,     D,     A,     D,    D,      D,       A,      D,     D,     A}},
    {Role::kClassTeacher,      {A,   AP,     AP,   BP,      D,   D,      AP,     D,     D,     AP,    A,     D,    D,      AP,      AP,     D,     D,     AP}},
    {Role::kPeerObserver,      {D,   D,      D,    D,       D,   D,      A,      D,     D,     D,     D,     D,    D,      D,       D,      D,     D,     D}},
    {Role::kStudent,           {D,   ASelf,  D,    D,       D,   D,      ASelf,  D,     D,     D,     D,     D,    ASelf,  D,       D,      D,     D,     D}},
    {Role::kGuardian,          {D,   AChild, D,    D,       D,   D,      AChild, D,     D,     D,     D,     D,    D,      AChild,  D,      D,     D,     D}},
    {Role::kHospitalPartner,   {D,   ARef,   ARef, ARef,    D,   D,      ARef,   D,     D,     D,     D,     D,    D,      D,       D,      D,     ARef,  D}},
    {Role::kHotlineOperator,   {D,   D,      D,    D,       D,   D,      AReg,   D,     D,     D,     D,     D,    D,      D,       D,      D,     D,     D}},
}};

// What a role may take on besides the actions above (see policy.hpp for each column).
struct RoleTraits {
    Role role;
    bool two_factor;    // signs in with a second factor
    bool user_managed;  // granted and revoked by administrators
    bool crisis_team;   // may serve on a crisis team
    bool pairable;      // may be paired with a student
};
constexpr std::array<RoleTraits, 12> kRoleTraits = {{
    //                          2fa    managed crisis-team pairable
    {Role::kAdmin,             true,  false,  false,      false},
    {Role::kAuditor,           true,  false,  false,      false},
    {Role::kBureauStaff,       true,  true,   true,       false},
    {Role::kSchoolLeader,      false, true,   true,       false},
    {Role::kPsychologyTeacher, true,  true,   true,       true},
    {Role::kGradeLead,         false, true,   true,       true},
    {Role::kClassTeacher,      false, true,   true,       true},
    {Role::kPeerObserver,      false, true,   false,      false},
    {Role::kStudent,           false, false,  false,      false},
    {Role::kGuardian,          false, false,  false,      false},
    {Role::kHospitalPartner,   false, true,   true,       false},
    {Role::kHotlineOperator,   false, true,   true,       false},
}};

const RoleTraits& TraitsOf(Role r) { return kRoleTraits[static_cast<std::size_t>(r)]; }

// The tables are indexed by enum value: keep rows in Role order and columns in Action order.
constexpr bool TablesInEnumOrder() {
    for (std::size_t i = 0; i < kPolicy.size(); ++i) {
        if (kPolicy[i].role != static_cast<Role>(i) || kRoles[i].first != static_cast<Role>(i) ||
            kRoleTraits[i].role != static_cast<Role>(i)) {
            return false;
        }
    }
    for (std::size_t i = 0; i < kActions.size(); ++i) {
        if (kActions[i].first != static_cast<Action>(i)) return false;
    }
    return true;
}
static_assert(TablesInEnumOrder(), "kPolicy rows follow Role order and kActions follows Action order");

bool Reaches(const Rule& rule, const Grant& grant, const Target& target) {
    const bool in_subtree = org::IsInSubtree(target.org_path, SubtreeReached(rule.reach, grant.unit_path));
    switch (rule.reach) {
        case Reach::kSubtree: return in_subtree;
        case Reach::kSubtreeOrPaired: return in_subtree || target.is_paired;
        case Reach::kSelf: return target.is_self;
        case Reach::kOwnChild: return target.is_own_child;
        case Reach::kReferred: return target.is_referred;
        case Reach::kRegion: return in_subtree;
    }
    return false;
}

}  // namespace

std::string_view SubtreeReached(Reach reach, std::string_view unit_path) {
    if (reach != Reach::kRegion || unit_path.size() < 2) return unit_path;
    const auto cut = unit_path.rfind('/', unit_path.size() - 2);
    return cut == std::string_view::npos ? std::string_view("/") : unit_path.substr(0, cut + 1);
}

const std::vector<Role>& AllRoles() {
    static const std::vector<Role> kAll = ValuesOf(kRoles);
    return kAll;
}
std::string_view RoleName(Role r) { return NameOf(kRoles, r); }
std::optional<Role> ParseRole(std::string_view name) { return ParseName(kRoles, name); }

Words RoleWords(Role r) {
    switch (r) {
        case Role::kAdmin: return {"管理员", "Administrator"};
        case Role::kAuditor: return {"审计员", "Auditor"};
        case Role::kBureauStaff: return {"教育局", "Education bureau"};
        case Role::kSchoolLeader: return {"校领导", "School leader"};
        case Role::kPsychologyTeacher: return {"心理教师", "Psychology teacher"};
        case Role::kGradeLead: return {"年级长", "Grade lead"};
        case Role::kClassTeacher: return {"班主任", "Class teacher"};
        case Role::kPeerObserver: return {"心理委员", "Peer observer"};
        case Role::kStudent: return {"学生", "Student"};
        case Role::kGuardian: return {"家长", "Guardian"};
        case Role::kHospitalPartner: return {"医院", "Hospital"};
        case Role::kHotlineOperator: return {"热线", "Hotline"};
    }
    return {"", ""};
}

bool RequiresTwoFactor(Role r) { return TraitsOf(r).two_factor; }
bool IsUserManaged(Role r) { return TraitsOf(r).user_managed; }
bool MayServeOnCrisisTeam(Role r) { return TraitsOf(r).crisis_team; }
bool MayBePaired(Role r) { return TraitsOf(r).pairable; }

const std::vector<Action>& AllActions() {
    static const std::vector<Action> kAll = ValuesOf(kActions);
    return kAll;
}
std::string_view ActionName(Action a) { return NameOf(kActions, a); }

std::optional<Tier> TierOf(Action a) {
    switch (a) {
        case Action::kViewAggregates: return Tier::kT0;
        case Action::kViewRoster:
        case Action::kExportRoster: return Tier::kT1;
        case Action::kViewRisk: return Tier::kT2;
        case Action::kViewRecords:
        case Action::kReferrals: return Tier::kT3;
        default: return std::nullopt;
    }
}

bool IsWrite(Action a) {
    return a == Action::kEditOrgTree || a == Action::kEditRoster || a == Action::kFileObservation ||
           a == Action::kManageUsers || a == Action::kWriteRecords || a == Action::kIssueSignInCodes ||
           a == Action::kRunCampaigns || a == Action::kAnswerScreening || a == Action::kRecordConsent ||
           a == Action::kHandleAlerts || a == Action::kManageCases;
}

Rule RuleFor(Role role, Action action) {
    return kPolicy[static_cast<std::size_t>(role)].cells[static_cast<std::size_t>(action)];
}

Decision Authorize(const std::vector<Grant>& grants, Action action, const Target& target) {
    Decision best;
    for (const Grant& g : grants) {
        const Rule rule = RuleFor(g.role, action);
        if (rule.effect == Effect::kDeny || !Reaches(rule, g, target)) continue;
        if (static_cast<int>(rule.effect) > static_cast<int>(best.effect)) {
            best.effect = rule.effect;
            best.via = g.role;
        }
    }
    return best;
}

Decision AuthorizeTopLevelEdit(const std::vector<Grant>& grants) {
    for (const Grant& g : grants) {
        if (g.role == Role::kAdmin) return {Effect::kAllow, Role::kAdmin};
    }
    return {};
}

bool MayManageGrants(const std::vector<Grant>& manager, const std::vector<Grant>& held) {
    for (const Grant& g : held) {
        if (!IsUserManaged(g.role)) return false;
        if (!Authorize(manager, Action::kManageUsers, {g.unit_path}).allowed()) return false;
    }
    return true;
}

bool MayJoinCrisisTeam(const std::vector<Grant>& grants, std::string_view team_path) {
    for (const Grant& g : grants) {
        if (!MayServeOnCrisisTeam(g.role)) continue;
        if (org::IsInSubtree(g.unit_path, team_path) || org::IsInSubtree(team_path, g.unit_path)) return true;
        if (g.role == Role::kHospitalPartner && org::IsInSubtree(team_path, SubtreeReached(Reach::kRegion, g.unit_path))) {
            return true;
        }
    }
    return false;
}

// Whether a role's grant belongs on a unit of this kind, and if not, what it belongs on.
std::optional<std::string> MisfitRole(Role role, org::OrgKind kind) {
    switch (role) {
        case Role::kClassTeacher:
            if (kind == org::OrgKind::kClass) return std::nullopt;
            return "a class teacher (班主任) belongs on a class";
        case Role::kGradeLead:
            if (kind == org::OrgKind::kGrade || kind == org::OrgKind::kFaculty) return std::nullopt;
            return "a grade lead (年级长) belongs on a grade or faculty";
        case Role::kSchoolLeader:
        case Role::kPsychologyTeacher:
            if (kind == org::OrgKind::kSchool) return std::nullopt;
            return "school leaders and psychology teachers belong on a school";
        case Role::kBureauStaff:
            if (kind == org::OrgKind::kProvince || kind == org::OrgKind::kCity || kind == org::OrgKind::kCounty ||
                kind == org::OrgKind::kTownship || kind == org::OrgKind::kBureauDepartment) {
                return std::nullopt;
            }
            return "bureau staff (教育局) belong on a county, city or bureau department";
        case Role::kHospitalPartner:
            if (kind == org::OrgKind::kHospital) return std::nullopt;
            return "hospital partners belong on a hospital";
        case Role::kHotlineOperator:
            if (kind == org::OrgKind::kHotline) return std::nullopt;
            return "hotline operators belong on a hotline";
        default:
            return "is not a staff role";
    }
}

}  // namespace xinqiao::core::auth
