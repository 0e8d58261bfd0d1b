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
#include "core/screening/response.hpp"
#include "core/screening/risk.hpp"

namespace xinqiao::core::ports {

class ScreeningRepository {
public:
    virtual ~ScreeningRepository() = default;

    virtual Result<screening::CampaignId> InsertCampaign(const screening::Campaign& c) = 0;
    // kNotFound if there is no campaign `id`.
    virtual Result<screening::Campaign> GetCampaign(screening::CampaignId id) = 0;
    // Stores name, window and the closed flag.
    virtual Status UpdateCampaign(const screening::Campaign& c) = 0;
    // Campaigns covering or lying under any of `paths`, newest first, at most `limit`.
    virtual Result<std::vector<screening::Campaign>> ListCampaigns(const std::vector<std::string>& paths,
                                                                   int limit) = 0;

    // Every student in the subtree of `path`, with the names eligibility reads.
    virtual Result<std::vector<screening::StudentPlacement>> Placements(const std::string& path) = 0;

    virtual Status InsertAssignments(const std::vector<screening::Assignment>& assignments) = 0;
    // kNotFound if there is no assignment `id`.
    virtual Result<screening::Assignment> GetAssignment(screening::AssignmentId id) = 0;
    // The student's assignments, newest campaign first.
    virtual Result<std::vector<screening::Assignment>> AssignmentsOfStudent(std::int64_t student_id) = 0;
    // The class's assignments in a campaign, by student number.
    virtual Result<std::vector<screening::AssignmentListItem>> AssignmentsOfClass(screening::CampaignId campaign,
                                                                                  org::OrgUnitId class_id) = 0;
    // Stores state, consent, draft_version, submit_key, needs_care and completed_ms; a completed
    // assignment's draft is dropped.
    virtual Status UpdateAssignment(const screening::Assignment& a) = 0;

    // The answers saved so far (sealed at rest); empty if none.
    virtual Result<screening::BatteryAnswers> Draft(screening::AssignmentId id) = 0;
    virtual Status PutDraft(screening::AssignmentId id, const screening::BatteryAnswers& answers) = 0;

    virtual Status InsertResponse(const screening::StoredResponse& r) = 0;
    // The responses of an assignment with their answers, in battery order.
    virtual Result<std::vector<screening::StoredResponse>> Responses(screening::AssignmentId id) = 0;
    virtual Result<std::int64_t> InsertAssessment(const screening::StoredAssessment& a) = 0;
    virtual Result<std::optional<screening::StoredAssessment>> AssessmentOf(screening::AssignmentId id) = 0;
    // The student's most recent assessment, if any.
    virtual Result<std::optional<screening::StoredAssessment>> LatestAssessment(std::int64_t student_id) = 0;
    // All of the student's assessments, oldest first, with responses (answers left out).
    virtual Result<std::vector<screening::ArchiveEntry>> Archive(std::int64_t student_id) = 0;

    // Adds `delta` to the counters of `units` in the campaign, creating rows as needed.
    virtual Status AddProgress(screening::CampaignId campaign, const std::vector<org::OrgUnitId>& units,
                               const screening::Progress& delta) = 0;
    // The counters of `units` (zero for units without a row), in the order given.
    virtual Result<std::vector<screening::Progress>> ProgressOf(screening::CampaignId campaign,
                                                                const std::vector<org::OrgUnitId>& units) = 0;

    // The campaign's assignments under `path`, by class and student number, with levels,
    // reasons and per-instrument totals.
    virtual Result<std::vector<screening::ExportRow>> ExportRows(screening::CampaignId campaign,
                                                                 const std::string& path) = 0;
};

}  // namespace xinqiao::core::ports
