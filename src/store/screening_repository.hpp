#pragma once
// ScreeningRepository over a Session. Answers (drafts and responses) are sealed with the keyring;
// grades, batteries, subscales and reasons are stored as small JSON texts.

#include "core/ports/screening.hpp"
#include "store/crypto/keyring.hpp"
#include "store/database.hpp"

namespace xinqiao::store {

// Row codecs the alert repository shares: reasons as a small JSON text, levels as 1..4.
std::string ReasonsText(const std::vector<core::screening::Reason>& reasons);
std::vector<core::screening::Reason> ParseReasons(std::string_view text);
core::screening::Level LevelOf(std::int64_t n);

class SqlScreeningRepository final : public core::ports::ScreeningRepository {
public:
    SqlScreeningRepository(Session& session, const Keyring& keyring) : session_(session), keyring_(keyring) {}

    Result<core::screening::CampaignId> InsertCampaign(const core::screening::Campaign& c) override;
    Result<core::screening::Campaign> GetCampaign(core::screening::CampaignId id) override;
    Status UpdateCampaign(const core::screening::Campaign& c) override;
    Result<std::vector<core::screening::Campaign>> ListCampaigns(const std::vector<std::string>& paths,
                                                                 int limit) override;
    Result<std::vector<core::screening::StudentPlacement>> Placements(const std::string& path) override;
    Status InsertAssignments(const std::vector<core::screening::Assignment>& assignments) override;
    Result<core::screening::Assignment> GetAssignment(core::screening::AssignmentId id) override;
    Result<std::vector<core::screening::Assignment>> AssignmentsOfStudent(std::int64_t student_id) override;
    Result<std::vector<core::screening::AssignmentListItem>> AssignmentsOfClass(core::screening::CampaignId campaign,
                                                                                core::org::OrgUnitId class_id) override;
    Status UpdateAssignment(const core::screening::Assignment& a) override;
    Result<core::screening::BatteryAnswers> Draft(core::screening::AssignmentId id) override;
    Status PutDraft(core::screening::AssignmentId id, const core::screening::BatteryAnswers& answers) override;
    Status InsertResponse(const core::screening::StoredResponse& r) override;
    Result<std::vector<core::screening::StoredResponse>> Responses(core::screening::AssignmentId id) override;
    Result<std::int64_t> InsertAssessment(const core::screening::StoredAssessment& a) override;
    Result<std::optional<core::screening::StoredAssessment>> AssessmentOf(core::screening::AssignmentId id) override;
    Result<std::optional<core::screening::StoredAssessment>> LatestAssessment(std::int64_t student_id) override;
    Result<std::vector<core::screening::ArchiveEntry>> Archive(std::int64_t student_id) override;
    Status AddProgress(core::screening::CampaignId campaign, const std::vector<core::org::OrgUnitId>& units,
                       const core::screening::Progress& delta) override;
    Result<std::vector<core::screening::Progress>> ProgressOf(core::screening::CampaignId campaign,
                                                              const std::vector<core::org::OrgUnitId>& units) override;
    Result<std::vector<core::screening::ExportRow>> ExportRows(core::screening::CampaignId campaign,
                                                               const std::string& path) override;

private:
    Result<std::vector<core::screening::StoredResponse>> ReadResponses(const ResultSet& rs, bool with_answers);

    Session& session_;
    const Keyring& keyring_;
};

}  // namespace xinqiao::store
