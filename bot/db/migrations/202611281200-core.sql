-- Core schema: people, identities, roles, links, consent, dialog state, leases,
-- inbound event log, outbox, web inbox, message log, audit log.

CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  audience text CHECK (audience IN ('student', 'parent')),
  consent text NOT NULL DEFAULT 'unknown'
    CHECK (consent IN ('unknown', 'adult_or_14plus', 'under14_pending', 'guardian_confirmed')),
  age_band text CHECK (age_band IN ('under14', '14to18', 'adult')),
  language text NOT NULL DEFAULT 'ko' CHECK (language IN ('ko', 'en')),
  display_name text,
  greeted boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);

-- A person can hold several roles; power roles are granted only through the admin API + link code.
CREATE TABLE person_roles (
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('student', 'parent', 'mentor', 'coordinator', 'staff')),
  granted_by text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, role)
);

-- One person, several channel identities (KakaoTalk, LINE, web).
CREATE TABLE identities (
  channel text NOT NULL CHECK (channel IN ('web', 'kakao', 'line')),
  channel_user_id text NOT NULL,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  -- false after LINE unfollow / Kakao "not a friend": no unprompted pushes.
  reachable boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, channel_user_id)
);
CREATE INDEX identities_person ON identities (person_id);

-- parent → child, mentor → mentee. A link is active only once the other side confirmed.
CREATE TABLE links (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('parent_child', 'mentor_mentee')),
  from_person uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  to_person uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, from_person, to_person)
);
CREATE INDEX links_to ON links (to_person);

-- One-time codes: parent↔child link, guardian consent, staff/mentor link.
CREATE TABLE link_codes (
  code text PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('parent_child', 'guardian_consent', 'staff_link')),
  -- Who asked for the code (the child, the parent, or the staff record to be linked).
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  -- Which side created it: 'child' or 'parent' for parent_child; null otherwise.
  side text,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX link_codes_person ON link_codes (person_id);

-- Dialog state: versioned JSON with a row version for optimistic concurrency.
-- expires_at: before consent only an expiring step may be kept.
CREATE TABLE dialog_states (
  person_id uuid PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  state jsonb,
  row_version integer NOT NULL DEFAULT 0,
  expires_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Per-user order across instances: a lease taken and released in short transactions.
CREATE TABLE user_leases (
  person_id uuid PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- Every accepted inbound event, unique per channel event id (dedupe, crash recovery).
-- payload holds the masked event only until it is processed.
CREATE TABLE inbound_events (
  channel text NOT NULL,
  channel_event_id text NOT NULL,
  channel_user_id text NOT NULL,
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'processed', 'failed')),
  payload jsonb,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  crisis_sent boolean NOT NULL DEFAULT false,
  PRIMARY KEY (channel, channel_event_id)
);
CREATE INDEX inbound_events_pending ON inbound_events (received_at) WHERE status = 'received';

-- Transactional outbox: everything sent later (quizzes, alerts, relays, pushes after a lost reply).
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  person_id uuid REFERENCES people (id) ON DELETE CASCADE,
  channel text NOT NULL,
  channel_user_id text NOT NULL,
  purpose text NOT NULL,
  reply jsonb NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  -- Sent as X-Line-Retry-Key: LINE runs a push at most once per key (kept 24 h).
  retry_key uuid NOT NULL DEFAULT gen_random_uuid(),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  first_attempt_at timestamptz,
  expires_at timestamptz,
  last_error text,
  -- Platform evidence (Kakao taskId, LINE request id); "accepted", not "delivered".
  receipt text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_person ON outbox (person_id);

-- Web chat: messages waiting for the browser, read with a cursor (GET /api/web/messages).
CREATE TABLE web_inbox (
  id bigserial PRIMARY KEY,
  channel_user_id text NOT NULL,
  reply jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX web_inbox_user ON web_inbox (channel_user_id, id);

-- Web chat sessions in WEB_CHAT=public mode (token hashes only).
CREATE TABLE web_sessions (
  token_hash text PRIMARY KEY,
  channel_user_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

-- Masked conversation text, only for people whose consent allows history; swept after RETENTION_DAYS.
CREATE TABLE message_log (
  id bigserial PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  channel text NOT NULL,
  channel_message_id text,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  flow text,
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_log_person ON message_log (person_id, id);
CREATE INDEX message_log_message ON message_log (channel, channel_message_id);

-- Who did what, when. Kept after deletion as a stub without personal data.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  actor text NOT NULL,
  action text NOT NULL,
  subject text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
