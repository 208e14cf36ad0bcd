// Case records as JSON for the API: persons (as redacted for the reader), consents, meetings,
// referrals, support plans, checkpoints, supporters, agencies; and the readers for what clients
// send, which refuse unknown needs, statuses and kinds with a message naming the field.
// Dates are ISO (2025-06-01); enums use their machine names.
#pragma once

#include <nlohmann/json.hpp>

#include "core/casework.hpp"
#include "core/person.hpp"

namespace tsunagu::io {

using ojson = nlohmann::ordered_json;

ojson agency_json(const Agency& a);
// Only the categories the reader may see are written (others are absent, not empty).
ojson person_json(const Person& p, const std::vector<InfoCategory>& categories);
ojson consent_json(const Consent& c);
ojson meeting_json(const Meeting& m);
ojson referral_json(const Referral& r);
ojson support_plan_json(const SupportPlan& p);
ojson checkpoint_json(const Checkpoint& c);
ojson supporter_json(const Supporter& s);

// Readers. Error "<kind>.invalid" with a detail per bad field.
Result<Person> person_from_json(const nlohmann::json& j);
Result<Consent> consent_from_json(const nlohmann::json& j);
Result<Meeting> meeting_from_json(const nlohmann::json& j);
Result<Referral> referral_from_json(const nlohmann::json& j);
Result<SupportPlan> support_plan_from_json(const nlohmann::json& j);
Result<Supporter> supporter_from_json(const nlohmann::json& j);
// "2025-06-01" → Date; error "<code>" naming `field`.
Result<Date> date_from_json(const nlohmann::json& j, const char* field, const char* code);

}  // namespace tsunagu::io
