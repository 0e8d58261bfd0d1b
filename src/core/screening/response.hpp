#pragma once
// What a submitted screening leaves behind: each instrument's result (answers sealed at rest) and
// the level it gave the student, and a student's archive of them.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/screening/campaign.hpp"
#include "core/screening/risk.hpp"

namespace xinqiao::core::screening {

// The result of one instrument in a submitted response.
struct StoredResponse {
    std::int64_t id = 0;
    std::optional<screening::AssignmentId> assignment_id;  // empty in anonymous campaigns
    screening::CampaignId campaign_id = 0;
    std::optional<std::int64_t> student_id;  // empty in anonymous campaigns
    org::OrgUnitId class_id = 0;
    std::string instrument_id, instrument_version;
    screening::Answers answers;  // sealed at rest
    int total = 0;
    std::string band;  // the band's label (en); empty if none
    std::map<std::string, int> subscales;
    int alerts = 0;  // critical items hit
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

}  // namespace xinqiao::core::screening
