#pragma once
// Screening campaigns from the staff side: creating one for a subtree (assignments for every
// eligible student, counters initialised, in one transaction), listing, closing, extending and
// reopening, live progress per org unit read from counters, a class's list for the class
// teacher, one response's answers and scores, a student's archive (一生一策), and consent.
//
// Tiers: progress is T0 (level counts of 1..4 are shown as "<5" to bureau staff and to anyone
// without kViewRisk on the unit); a class's participation is T1, its levels T2; answers and
// scores T3. Every T2/T3 read and every write is audited in its transaction.
//
// Threading: every method blocks on the database; call from a database executor.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ports/clock.hpp"
#include "core/ports/data_store.hpp"
#include "core/ports/spreadsheet_writer.hpp"
#include "core/screening/campaign.hpp"
#include "service/count.hpp"
#include "service/instrument_library.hpp"
#include "service/principal.hpp"

namespace xinqiao::service {

using core::Result;

struct NewCampaign {
    core::org::OrgUnitId unit_id = 0;
    std::string name;
    std::vector<int> grades;
    std::vector<std::string> instruments;
    std::int64_t opens_ms = 0;
    std::int64_t closes_ms = 0;
    bool anonymous = false;
    bool consent_required = false;
    std::string rules;  // empty: the default rules
};

struct CampaignView {
    core::screening::Campaign campaign;
    core::screening::Phase phase = core::screening::Phase::kOpen;
    std::string unit_name;
    // Where the viewer's progress view starts: the campaign's unit if they see it, else the
    // unit of their grant inside the campaign.
    core::org::OrgUnitId home_unit_id = 0;
    bool manageable = false;  // the viewer may close, extend or reopen it
};


struct UnitProgressView {
    core::org::OrgUnit unit;
    std::int64_t invited = 0, started = 0, completed = 0, consent_pending = 0, consent_refused = 0;
    std::optional<std::vector<Count>> levels;  // I..IV of completed responses; absent in anonymous T1-only views
};

struct ProgressView {
    UnitProgressView unit;
    std::vector<UnitProgressView> children;  // units below with assignments
};

struct ClassAssignmentView {
    core::screening::AssignmentId assignment_id = 0;
    std::int64_t student_id = 0;
    std::string student_number, name;
    core::screening::AssignmentState state = core::screening::AssignmentState::kInvited;
    core::screening::Consent consent = core::screening::Consent::kNotNeeded;
    std::optional<core::screening::Level> level;  // only for viewers with kViewRisk
};

struct ClassView {
    std::vector<ClassAssignmentView> items;
    bool shows_levels = false;
};

struct ResultView {
    core::screening::Campaign campaign;
    core::screening::Assignment assignment;
    std::optional<core::screening::StoredAssessment> assessment;
    std::vector<core::screening::StoredResponse> responses;
};

struct ArchiveView {
    std::vector<core::screening::ArchiveEntry> entries;  // oldest first
    bool shows_scores = false;                       // T3 viewers see totals and bands
    std::vector<core::warning::Alert> alerts;
    std::vector<core::cases::Case> cases;  // the student's crisis cases, newest first (state and step: T2)
};

class CampaignService {
public:
    // All references must outlive the service.
    CampaignService(core::ports::DataStore& store, core::ports::Clock& clock, const InstrumentLibrary& library,
                    core::ports::SpreadsheetWriter& sheets)
        : store_(store), clock_(clock), library_(library), sheets_(sheets) {}

    // The instruments campaigns are made of, for the words of what they store.
    const InstrumentLibrary& Instruments() const { return library_; }

    // Needs kRunCampaigns on the unit. Audited as "campaign.create".
    Result<CampaignView> Create(const Principal& p, const NewCampaign& n);
    // Campaigns covering or under the principal's units, newest first (at most 200).
    Result<std::vector<CampaignView>> List(const Principal& p);
    Result<CampaignView> Get(const Principal& p, core::screening::CampaignId id);
    // Needs kRunCampaigns on the campaign's unit. Audited as "campaign.close", "campaign.reopen"
    // and "campaign.extend". Reopening an ended campaign needs a later closing time.
    Result<CampaignView> Close(const Principal& p, core::screening::CampaignId id);
    Result<CampaignView> Reopen(const Principal& p, core::screening::CampaignId id,
                                std::optional<std::int64_t> closes_ms);
    Result<CampaignView> Extend(const Principal& p, core::screening::CampaignId id, std::int64_t closes_ms);

    // Counters of `unit` (default: the campaign's home unit for the viewer) and its children.
    // Needs kViewAggregates on the unit, which must lie in the campaign.
    Result<ProgressView> Progress(const Principal& p, core::screening::CampaignId id,
                                  std::optional<core::org::OrgUnitId> unit);
    // The class's students with their progress (kViewRoster) and levels (kViewRisk, audited as
    // "campaign.class.levels.read").
    Result<ClassView> Class(const Principal& p, core::screening::CampaignId id, core::org::OrgUnitId class_id);
    // Answers and scores of one submitted assignment: kViewRecords; audited as "assignment.result.read".
    Result<ResultView> AssignmentResult(const Principal& p, core::screening::AssignmentId id);
    // A student's assessments across campaigns: kViewRisk; scores with kViewRecords. Audited as
    // "student.archive.read".
    Result<ArchiveView> Archive(const Principal& p, std::int64_t student_id);
    // A guardian's decision for their child, or a teacher recording a paper consent:
    // kRecordConsent on the student. Audited as "assignment.consent".
    core::Status RecordConsent(const Principal& p, core::screening::AssignmentId id, bool given);

    // The campaign's results under `unit` (default: the viewer's home unit) as an .xlsx
    // workbook, by tier: bureau staff get the counters per unit (small cells as "<5"); school
    // staff a line per student with progress (kViewRoster), level and reasons (kViewRisk) and
    // totals (kViewRecords). Anonymous campaigns export counters only. Audited as
    // "campaign.export".
    Result<std::string> Export(const Principal& p, core::screening::CampaignId id,
                               std::optional<core::org::OrgUnitId> unit);

private:
    core::ports::DataStore& store_;
    core::ports::Clock& clock_;
    const InstrumentLibrary& library_;
    core::ports::SpreadsheetWriter& sheets_;
};

}  // namespace xinqiao::service
