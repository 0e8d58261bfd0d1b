#pragma once
// Every column that holds a sealed value (store/crypto/keyring.hpp), with the context bound
// into its values. Repositories seal and open with these contexts; key rotation walks this list,
// so a new sealed column is added here and nowhere else is forgotten.

#include <string>
#include <string_view>

#include "store/crypto/keyring.hpp"

namespace xinqiao::store {

struct SealedColumn {
    const char* table;
    const char* column;
    const char* context;
};

inline constexpr SealedColumn kStudentIdNumber{"students", "id_number_enc", "students.id_number"};
inline constexpr SealedColumn kGuardianPhone{"guardians", "phone_enc", "guardians.phone"};
inline constexpr SealedColumn kStaffPhone{"staff_members", "phone_enc", "staff_members.phone"};
inline constexpr SealedColumn kTotpSecret{"accounts", "totp_secret_enc", "accounts.totp_secret"};
inline constexpr SealedColumn kNoteBody{"student_notes", "body_enc", "student_notes.body"};

inline constexpr SealedColumn kDraftAnswers{"assignments", "draft_enc", "assignments.draft"};
inline constexpr SealedColumn kResponseAnswers{"responses", "answers_enc", "responses.answers"};

inline constexpr SealedColumn kWebhookUrl{"webhooks", "url_enc", "webhooks.url"};
inline constexpr SealedColumn kWebhookSecret{"webhooks", "secret_enc", "webhooks.secret"};
inline constexpr SealedColumn kCaseRecordBody{"case_records", "body_enc", "case_records.body"};

inline constexpr SealedColumn kReferralReason{"referrals", "reason_enc", "referrals.reason"};
inline constexpr SealedColumn kReferralDecline{"referrals", "decline_enc", "referrals.decline"};
inline constexpr SealedColumn kReferralOutcome{"referrals", "outcome_enc", "referrals.outcome"};
inline constexpr SealedColumn kReferralReturn{"referrals", "return_enc", "referrals.return"};
inline constexpr SealedColumn kReferralPlan{"referrals", "plan_enc", "referrals.plan"};
inline constexpr SealedColumn kReferralWithdraw{"referrals", "withdraw_enc", "referrals.withdraw"};
inline constexpr SealedColumn kFollowUpNote{"follow_ups", "note_enc", "follow_ups.note"};
inline constexpr SealedColumn kConferenceParticipants{"case_conferences", "participants_enc", "case_conferences.participants"};
inline constexpr SealedColumn kConferenceFindings{"case_conferences", "findings_enc", "case_conferences.findings"};
inline constexpr SealedColumn kConferenceDecisions{"case_conferences", "decisions_enc", "case_conferences.decisions"};
inline constexpr SealedColumn kSupportNote{"supports", "note_enc", "supports.note"};

inline constexpr SealedColumn kAllSealedColumns[] = {
    kStudentIdNumber, kGuardianPhone,  kStaffPhone,      kTotpSecret,     kNoteBody,      kDraftAnswers,
    kResponseAnswers, kWebhookUrl,     kWebhookSecret,   kCaseRecordBody, kReferralReason, kReferralDecline,
    kReferralOutcome, kReferralReturn, kReferralPlan,    kReferralWithdraw, kFollowUpNote, kConferenceParticipants,
    kConferenceFindings, kConferenceDecisions, kSupportNote};

// For columns where "" means none (key rotation skips those): `plain` sealed, or "" for "".
inline std::string SealOrEmpty(const Keyring& keyring, const std::string& plain, const SealedColumn& column) {
    return plain.empty() ? std::string() : keyring.Encrypt(plain, column.context);
}
inline core::Result<std::string> OpenOrEmpty(const Keyring& keyring, std::string_view sealed, const SealedColumn& column) {
    if (sealed.empty()) return std::string();
    return keyring.Decrypt(sealed, column.context);
}

}  // namespace xinqiao::store
