// Case records as JSON for the API: persons (as redacted for the reader), consents, meetings,
// referrals, support plans, checkpoints, supporters, agencies. Dates are ISO (2025-06-01); enums
// use their machine names. What clients send is read by the case decoders
// (route/case_decode.hpp), which serve the JSON routes and the pages alike.
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

}  // namespace tsunagu::io
