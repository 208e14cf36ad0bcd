// Who may see a person's record, and on what legal basis. Every read and change of a person's
// record is audited with the basis this returns:
//   - a consent (同意) naming the reader's agency or its kind — only the categories it names;
//   - membership of a 支援会議 about the person (社会福祉法第106条の6: members share a statutory
//     secrecy duty, so the meeting may discuss a person without consent) — only what the
//     meetings share, only while the case is open and until a set period (per municipality,
//     default 365 days) after the last such meeting the reader's agency attended;
//   - the municipality's own use within its purpose: the coordinator for every case, a case
//     worker for the cases assigned to them;
//   - otherwise, for municipal staff only, a ground of 個人情報保護法第69条 with a written
//     justification an auditor can list: 法令に基づく場合 (第1項), 相当の理由のある内部利用
//     (第2項第2号), 他の行政機関等への提供 (第2項第3号), 特別の理由 (第2項第4号). A ground
//     once invoked lets the same reader see the same person for 24 hours; then the reason is
//     asked again.
// Deny by default: any other role, or a partner without consent or membership, sees nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/access.hpp"
#include "core/person.hpp"

namespace tsunagu {

using MeetingId = Id<struct MeetingTag>;

enum class BasisKind {
  kConsent,
  kSupportMeeting,
  kWithinPurpose,
  kLaw,
  kInternalUse,
  kOtherAgency,
  kSpecialReason,
};

struct LegalBasis {
  BasisKind kind = BasisKind::kWithinPurpose;
  std::int64_t ref = 0;       // the consent's or the meeting's id; for a ground read again within
                              // its window, the audit row (seq) where the reason was written
  std::string justification;  // for a 第69条 ground invoked now
  std::optional<Date> meeting_held_on;  // a 支援会議: the meeting the access rests on, and
  std::optional<Date> until;            // the last day it lasts
  std::int64_t ground_until_ms = 0;     // a ground read again: when its window ends
};

// "consent:12", "support_meeting:3", "within_purpose", "law", "internal_use", "other_agency",
// "special_reason" — the audit log's legal_basis column.
std::string basis_code(const LegalBasis& basis);
// Japanese, with the article: "本人の同意", "支援会議（社会福祉法第106条の6）", …
std::string_view basis_label(BasisKind kind);
std::optional<BasisKind> parse_ground(std::string_view name);  // the four 第69条 grounds only
bool needs_justification(BasisKind kind);

// City staff on the case side: a case coordinator or a case worker (a partner is not).
constexpr bool is_case_staff(Role role) {
  return role == Role::kCaseCoordinator || role == Role::kCaseWorker;
}

struct Reader {
  Role role = Role::kPartner;
  UserId user;
  std::optional<Agency> agency;  // a partner's agency
};

// A 支援会議 about the person with the reader (or the reader's agency) a member.
struct MeetingShare {
  MeetingId id;
  Date held_on;
  std::vector<InfoCategory> categories;  // what the meeting shares among its members
};

// A ground this reader invoked for this person within the last 24 hours.
struct ActiveGround {
  BasisKind kind = BasisKind::kSpecialReason;
  std::int64_t seq = 0;       // the audit row with the reason
  std::int64_t until_ms = 0;  // when the window ends
};

inline constexpr int kDefaultMeetingAccessDays = 365;
inline constexpr std::int64_t kGroundWindowMs = 24LL * 60 * 60 * 1000;

// What is known about the person when deciding.
struct PersonFacts {
  const Person& person;
  const std::vector<Consent>& consents;
  std::vector<MeetingShare> support_meetings;  // newest first
  std::optional<Date> case_closed_on;          // the support plan's closure, if closed
  int meeting_access_days = kDefaultMeetingAccessDays;
  std::optional<ActiveGround> active_ground;
};

// A 第69条 ground the reader invokes, with the reason written down.
struct Ground {
  BasisKind kind = BasisKind::kSpecialReason;
  std::string justification;
};

struct AccessGrant {
  LegalBasis basis;
  std::vector<InfoCategory> categories;  // what the reader may see
};

inline constexpr std::size_t kMinJustificationChars = 10;

// Errors: "access.denied" (no basis; the message says what would give one),
// "access.justification_required" (a ground without a reason of at least 10 characters),
// "access.ground_not_allowed" (a partner invoking a 第69条 ground).
Result<AccessGrant> decide_access(const Reader& reader, const PersonFacts& facts, Date today,
                                  const std::optional<Ground>& ground = std::nullopt);

// The person with every field outside `categories` blanked (name and kana stay: an agency
// must know whom it is helping). Needs are split: 医療・依存症・障がい are health, the rest
// living.
Person redact(const Person& person, const std::vector<InfoCategory>& categories);

}  // namespace tsunagu
