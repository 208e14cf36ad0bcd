#include "core/case_access.hpp"

#include <algorithm>

#include "core/casework.hpp"
#include "core/text.hpp"

namespace tsunagu {
namespace {

std::vector<InfoCategory> all_categories() {
  return {std::begin(kAllInfoCategories), std::end(kAllInfoCategories)};
}

bool has(const std::vector<InfoCategory>& list, InfoCategory c) {
  return std::find(list.begin(), list.end(), c) != list.end();
}

bool is_health_need(Need n) {
  return n == Need::kMedical || n == Need::kAddiction || n == Need::kDisability;
}

}  // namespace

std::string basis_code(const LegalBasis& b) {
  switch (b.kind) {
    case BasisKind::kConsent:
      return "consent:" + std::to_string(b.ref);
    case BasisKind::kSupportMeeting:
      return "support_meeting:" + std::to_string(b.ref);
    case BasisKind::kWithinPurpose:
      return "within_purpose";
    case BasisKind::kLaw:
      return "law";
    case BasisKind::kInternalUse:
      return "internal_use";
    case BasisKind::kOtherAgency:
      return "other_agency";
    case BasisKind::kSpecialReason:
      return "special_reason";
  }
  return "unknown";
}

std::string_view basis_label(BasisKind kind) {
  switch (kind) {
    case BasisKind::kConsent:
      return "本人の同意";
    case BasisKind::kSupportMeeting:
      return "支援会議の構成員（社会福祉法第106条の6）";
    case BasisKind::kWithinPurpose:
      return "利用目的の範囲内の利用（個人情報保護法第61条）";
    case BasisKind::kLaw:
      return "法令に基づく場合（個人情報保護法第69条第1項）";
    case BasisKind::kInternalUse:
      return "相当の理由のある内部利用（個人情報保護法第69条第2項第2号）";
    case BasisKind::kOtherAgency:
      return "他の行政機関等への提供（個人情報保護法第69条第2項第3号）";
    case BasisKind::kSpecialReason:
      return "特別の理由（個人情報保護法第69条第2項第4号）";
  }
  return "不明";
}

std::optional<BasisKind> parse_ground(std::string_view name) {
  if (name == "law") return BasisKind::kLaw;
  if (name == "internal_use") return BasisKind::kInternalUse;
  if (name == "other_agency") return BasisKind::kOtherAgency;
  if (name == "special_reason") return BasisKind::kSpecialReason;
  return std::nullopt;
}

bool needs_justification(BasisKind kind) {
  return kind == BasisKind::kLaw || kind == BasisKind::kInternalUse ||
         kind == BasisKind::kOtherAgency || kind == BasisKind::kSpecialReason;
}

Result<AccessGrant> decide_access(const Reader& reader, const PersonFacts& facts, Date today,
                                  const std::optional<Ground>& ground) {
  const bool staff = is_case_staff(reader.role);
  if (ground) {
    if (!staff || !needs_justification(ground->kind)) {
      return make_error(ErrorKind::kForbidden, "access.ground_not_allowed",
                        "第69条の根拠による閲覧は、市の多機関調整担当・支援担当だけが使えます。");
    }
    if (utf8_length(trim(ground->justification)) < kMinJustificationChars) {
      return make_error(ErrorKind::kInvalid, "access.justification_required",
                        "この根拠で閲覧するには、理由を10文字以上で記入してください。"
                        "理由は監査担当が確認します。");
    }
    return AccessGrant{{ground->kind, 0, std::string(trim(ground->justification))},
                       all_categories()};
  }
  if (reader.role == Role::kCaseCoordinator) {
    return AccessGrant{{BasisKind::kWithinPurpose, 0, ""}, all_categories()};
  }
  if (reader.role == Role::kCaseWorker) {
    if (facts.person.assigned_worker && *facts.person.assigned_worker == reader.user)
      return AccessGrant{{BasisKind::kWithinPurpose, 0, ""}, all_categories()};
    if (const auto& g = facts.active_ground) {
      LegalBasis basis{g->kind, g->seq, ""};
      basis.ground_until_ms = g->until_ms;
      return AccessGrant{basis, all_categories()};
    }
    return make_error(ErrorKind::kForbidden, "access.denied",
                      "担当していない対象者です。担当の変更を多機関調整担当に依頼するか、"
                      "法令上の根拠と理由を記録して閲覧してください。");
  }
  if (reader.role == Role::kPartner && reader.agency) {
    // The consent that lets this agency see the most.
    const Consent* best = nullptr;
    std::vector<InfoCategory> best_categories;
    for (const auto& c : facts.consents) {
      std::vector<InfoCategory> covered;
      for (InfoCategory cat : kAllInfoCategories) {
        if (consent_covers(c, *reader.agency, cat, today)) covered.push_back(cat);
      }
      if (covered.size() > best_categories.size()) {
        best = &c;
        best_categories = std::move(covered);
      }
    }
    // The 支援会議 still in their window: the case open, and the newest meeting no more than
    // meeting_access_days ago. Together they share what each of them shares.
    const bool closed = facts.case_closed_on && *facts.case_closed_on <= today;
    const MeetingShare* newest = nullptr;
    std::vector<InfoCategory> shared;
    if (!closed && !facts.support_meetings.empty()) {
      const MeetingShare& m = facts.support_meetings.front();
      if (add_days(m.held_on, facts.meeting_access_days) >= today) newest = &m;
    }
    if (newest) {
      for (const auto& m : facts.support_meetings) {
        if (add_days(m.held_on, facts.meeting_access_days) < today) break;
        for (InfoCategory cat : m.categories) {
          if (!has(shared, cat)) shared.push_back(cat);
        }
      }
      std::sort(shared.begin(), shared.end());
    }
    // A meeting is preferred over a consent only where it shares more.
    if (newest && !shared.empty() && shared.size() > best_categories.size()) {
      LegalBasis basis{BasisKind::kSupportMeeting, newest->id.value, ""};
      basis.meeting_held_on = newest->held_on;
      basis.until = add_days(newest->held_on, facts.meeting_access_days);
      return AccessGrant{basis, shared};
    }
    if (best) return AccessGrant{{BasisKind::kConsent, best->id.value, ""}, best_categories};
    if (!facts.support_meetings.empty()) {
      return make_error(ErrorKind::kForbidden, "access.denied",
                        closed ? "この対象者の支援は終結しています。支援会議の構成員としての閲覧は"
                                 "終結とともに終わりました（有効な同意もありません）。"
                               : "貴機関が構成員の支援会議は、最後の開催から閲覧できる期間（" +
                                     std::to_string(facts.meeting_access_days) +
                                     "日）を過ぎています。改めて会議に参加するか、本人の同意を"
                                     "得てください。");
    }
    return make_error(ErrorKind::kForbidden, "access.denied",
                      "この対象者の情報を見る根拠がありません（貴機関を含む有効な同意も、"
                      "貴機関が構成員の支援会議もありません）。");
  }
  return make_error(ErrorKind::kForbidden, "access.denied",
                    "この役割では対象者の情報を見られません。");
}

Person redact(const Person& p, const std::vector<InfoCategory>& categories) {
  Person out;
  out.id = p.id;
  out.name = p.name;
  out.kana = p.kana;
  out.registered_on = p.registered_on;
  out.version = p.version;
  out.assigned_worker = p.assigned_worker;
  if (has(categories, InfoCategory::kBasic)) {
    out.birth_date = p.birth_date;
    out.phone = p.phone;
    out.address = p.address;
    out.destination = p.destination;
  }
  if (has(categories, InfoCategory::kCriminal)) {
    out.status = p.status;
    out.facility = p.facility;
    out.expected_release = p.expected_release;
    out.special_coordination = p.special_coordination;
    out.entrance_support = p.entrance_support;
  }
  for (Need n : p.needs) {
    if (has(categories, is_health_need(n) ? InfoCategory::kHealth : InfoCategory::kLiving))
      out.needs.push_back(n);
  }
  return out;
}

}  // namespace tsunagu
