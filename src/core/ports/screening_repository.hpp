#pragma once
// Storage of campaigns, assignments, drafts, responses, assessments, their counters and the
// alerts they raise. Answers (drafts and submitted) are T3 and sealed at rest; scores, levels
// and reasons are T2. See core/ports/data_store.hpp for threading.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.hpp"
#include "core/org/org_unit.hpp"
#include "core/screening/campaign.hpp"
#include "core/screening/risk.hpp"

namespace xinqiao::core::ports {

// A student and where they sit, as eligibility needs it.
struct StudentPlacement {
    std::int64_t student_id = 0;
    org::OrgUnitId school_id = 0;
    org::OrgUnitId class_id = 0;
    std::string org_path;  // the class's path
    std::string grade_name, class_name;
    std::optional<org::SchoolStage> stage;
};

// One student's line in a class's list for a campaign.
struct AssignmentListItem {
    screening::Assignment assignment;
    std::string student_number, name;
    std::optional<screening::Level> level;  // completed, named campaigns only
};

// The result of one instrument in a submitted response.
struct StoredResponse {
    std::int64_t id = 0;
    std::optional<screening::AssignmentId> assignment_id;  // empty in anonymous campaigns
    screening::CampaignId campaign_id = 0;
    std::optional<std::int64_t> student_id;                // empty in anonymous campaigns
    org::OrgUnitId class_id = 0;
    std::string instrument_id, instrument_version;
    screening::Answers answers;  // sealed at rest
    int total = 0;
    std::string band;  // the band's label (en); empty if none
    std::map<std::string, int> subscales;
    int alerts = 0;      // critical items hit
    std::int64_t submitted_ms = 0;
};

// The level a submitted assignment gave a student.
struct StoredAssessment {
    std::int64_t id = 0;
    screening::AssignmentId assignment_id = 0;
    screening::CampaignId campaign_id = 0;
    std::int64_t student_id = 0;
    screening::Level level = screening::Level::kIV;
    std::vector<screening::Reason> reasons;
    std::int64_t assessed_ms = 0;
};

// An assessment with its campaign's name, for a student's archive.
struct ArchiveEntry {
    StoredAssessment assessment;
    std::string campaign_name;
    std::vector<StoredResponse> responses;  // answers left empty
};

// One student's line in a campaign export.
struct ExportRow {
    std::int64_t assignment_id = 0;
    std::string student_number, name, school_name, grade_name, class_name;
    screening::AssignmentState state = screening::AssignmentState::kInvited;
    std::optional<std::int64_t> completed_ms;
    std::optional<screening::Level> level;
    std::vector<screening::Reason> reasons;
    std::map<std::string, std::pair<int, std::string>> scores;  // instrument -> total, band
};

struct UnitProgress {
    org::OrgUnit unit;
    screening::Progress progress;
};

class ScreeningRepository {
public:
    virtual ~ScreeningRepository() = default;

    virtual Result<screening::CampaignId> InsertCampaign(const screening::Campaign& c) = 0;
    // kNotFound if there is no campaign `id`.
    virtual Result<screening::Campaign> GetCampaign(screening::CampaignId id) = 0;
    // Stores name, window and the closed flag.
    virtual Status UpdateCampaign(const screening::Campaign& c) = 0;
    // Campaigns covering or lying under any of `paths`, newest first, at most `limit`.
    virtual Result<std::vector<screening::Campaign>> ListCampaigns(const std::vector<std::string>& paths, int limit) = 0;

    // Every student in the subtree of `path`, with the names eligibility reads.
    virtual Result<std::vector<StudentPlacement>> Placements(const std::string& path) = 0;

    virtual Status InsertAssignments(const std::vector<screening::Assignment>& assignments) = 0;
    // kNotFound if there is no assignment `id`.
    virtual Result<screening::Assignment> GetAssignment(screening::AssignmentId id) = 0;
    // The student's assignments, newest campaign first.
    virtual Result<std::vector<screening::Assignment>> AssignmentsOfStudent(std::int64_t student_id) = 0;
    // The class's assignments in a campaign, by student number.
    virtual Result<std::vector<AssignmentListItem>> AssignmentsOfClass(screening::CampaignId campaign,
                                                                       org::OrgUnitId class_id) = 0;
    // Stores state, consent, draft_version, submit_key, needs_care and completed_ms; a completed
    // assignment's draft is dropped.
    virtual Status UpdateAssignment(const screening::Assignment& a) = 0;

    // The answers saved so far (sealed at rest); empty if none.
    virtual Result<screening::BatteryAnswers> Draft(screening::AssignmentId id) = 0;
    virtual Status PutDraft(screening::AssignmentId id, const screening::BatteryAnswers& answers) = 0;

    virtual Status InsertResponse(const StoredResponse& r) = 0;
    // The responses of an assignment with their answers, in battery order.
    virtual Result<std::vector<StoredResponse>> Responses(screening::AssignmentId id) = 0;
    virtual Result<std::int64_t> InsertAssessment(const StoredAssessment& a) = 0;
    virtual Result<std::optional<StoredAssessment>> AssessmentOf(screening::AssignmentId id) = 0;
    // The student's most recent assessment, if any.
    virtual Result<std::optional<StoredAssessment>> LatestAssessment(std::int64_t student_id) = 0;
    // All of the student's assessments, oldest first, with responses (answers left out).
    virtual Result<std::vector<ArchiveEntry>> Archive(std::int64_t student_id) = 0;

    // Adds `delta` to the counters of `units` in the campaign, creating rows as needed.
    virtual Status AddProgress(screening::CampaignId campaign, const std::vector<org::OrgUnitId>& units,
                               const screening::Progress& delta) = 0;
    // The counters of `units` (zero for units without a row), in the order given.
    virtual Result<std::vector<screening::Progress>> ProgressOf(screening::CampaignId campaign,
                                                                const std::vector<org::OrgUnitId>& units) = 0;

    // The campaign's assignments under `path`, by class and student number, with levels,
    // reasons and per-instrument totals.
    virtual Result<std::vector<ExportRow>> ExportRows(screening::CampaignId campaign, const std::string& path) = 0;
};

}  // namespace xinqiao::core::ports
