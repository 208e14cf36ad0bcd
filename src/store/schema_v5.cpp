// Schema version 5: case coordination.
// Released: never edit it; change the schema with a new version (store/schema.hpp).
#include "store/schema.hpp"

namespace tsunagu::store {

extern const Migration kSchemaV5 = {
    5,
    "case coordination: agencies, persons and their needs, consents, meetings with members, "
    "referrals, support plans with roles, reviews and follow-ups, supporters",
    R"SQL(
CREATE TABLE agency (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (municipality_id, name)
);
ALTER TABLE app_user ADD COLUMN agency_id BIGINT REFERENCES agency(id);
CREATE TABLE person (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  name TEXT NOT NULL,
  kana TEXT NOT NULL,
  kana_key TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  facility TEXT NOT NULL DEFAULT '',
  expected_release TEXT,
  destination TEXT NOT NULL DEFAULT '',
  special_coordination TEXT,
  entrance_support INTEGER NOT NULL DEFAULT 0,
  assigned_worker BIGINT REFERENCES app_user(id),
  registered_on TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX person_by_kana ON person (municipality_id, kana_key, birth_date);
CREATE INDEX person_by_worker ON person (assigned_worker);
CREATE INDEX person_by_release ON person (municipality_id, expected_release);
CREATE TABLE person_need (
  person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  need TEXT NOT NULL,
  PRIMARY KEY (person_id, need)
);
CREATE TABLE consent (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('sharing', 'statistics')),
  state TEXT NOT NULL CHECK (state IN ('given', 'refused', 'withdrawn')),
  given_on TEXT NOT NULL,
  method TEXT NOT NULL,
  agencies TEXT NOT NULL DEFAULT '',
  kinds TEXT NOT NULL DEFAULT '',
  categories TEXT NOT NULL DEFAULT '',
  expires TEXT,
  withdrawn_on TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX consent_by_person ON consent (person_id);
CREATE INDEX consent_by_purpose ON consent (municipality_id, purpose, given_on, person_id, state, expires, withdrawn_on);
CREATE TABLE meeting (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  kind TEXT NOT NULL,
  person_id BIGINT REFERENCES person(id) ON DELETE CASCADE,
  held_on TEXT NOT NULL,
  agenda TEXT NOT NULL DEFAULT '',
  decisions TEXT NOT NULL DEFAULT '',
  actions TEXT NOT NULL DEFAULT '[]',
  created_at BIGINT NOT NULL
);
CREATE INDEX meeting_by_person ON meeting (person_id, held_on);
CREATE TABLE meeting_member (
  id @ID@,
  meeting_id BIGINT NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
  agency_id BIGINT REFERENCES agency(id),
  user_id BIGINT REFERENCES app_user(id),
  name TEXT NOT NULL,
  confidentiality_acknowledged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meeting_member_by_meeting ON meeting_member (meeting_id);
CREATE INDEX meeting_member_by_agency ON meeting_member (agency_id);
CREATE TABLE referral (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  from_agency BIGINT NOT NULL REFERENCES agency(id),
  to_agency BIGINT NOT NULL REFERENCES agency(id),
  state TEXT NOT NULL,
  sent_on TEXT NOT NULL,
  responded_on TEXT,
  completed_on TEXT,
  note TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX referral_by_person ON referral (person_id, sent_on);
CREATE INDEX referral_by_sent ON referral (municipality_id, sent_on);
CREATE TABLE support_plan (
  person_id BIGINT PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  goals TEXT NOT NULL DEFAULT '',
  started_on TEXT NOT NULL,
  closed_on TEXT,
  closure_reason TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX support_plan_closed ON support_plan (municipality_id, closed_on);
CREATE TABLE plan_role (
  id @ID@,
  person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  agency_id BIGINT REFERENCES agency(id),
  who TEXT NOT NULL,
  task TEXT NOT NULL,
  due_on TEXT
);
CREATE INDEX plan_role_by_person ON plan_role (person_id);
CREATE TABLE checkpoint (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('review', 'follow_up')),
  due_on TEXT NOT NULL,
  done_on TEXT,
  note TEXT NOT NULL DEFAULT '',
  local_supporter_involved INTEGER
);
CREATE INDEX checkpoint_due ON checkpoint (municipality_id, done_on, due_on);
CREATE INDEX checkpoint_by_person ON checkpoint (person_id, due_on);
CREATE TABLE supporter (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  person_id BIGINT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  formal INTEGER NOT NULL,
  local INTEGER NOT NULL,
  name TEXT NOT NULL,
  agency_id BIGINT REFERENCES agency(id),
  from_on TEXT NOT NULL,
  until_on TEXT
);
CREATE INDEX supporter_by_person ON supporter (person_id, from_on);
CREATE TABLE anonymised_case (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  closed_on TEXT NOT NULL,
  counted INTEGER NOT NULL,
  supporters_at_start INTEGER NOT NULL,
  supporters_at_end INTEGER NOT NULL,
  local_after_two_years INTEGER,
  erased_at BIGINT NOT NULL
);
CREATE INDEX anonymised_case_closed ON anonymised_case (municipality_id, closed_on);
CREATE INDEX audit_by_target ON audit_log (target_type, target_id, seq);
CREATE TABLE incident (
  id @ID@,
  municipality_id BIGINT NOT NULL REFERENCES municipality(id),
  occurred_on TEXT NOT NULL,
  discovered_on TEXT NOT NULL,
  description TEXT NOT NULL,
  categories TEXT NOT NULL DEFAULT '',
  persons TEXT NOT NULL DEFAULT '',
  measures TEXT NOT NULL DEFAULT '',
  reported_on TEXT,
  created_at BIGINT NOT NULL
);
)SQL",
    "", ""};

}  // namespace tsunagu::store
