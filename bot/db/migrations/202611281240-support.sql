-- Emotional support and escalation (issue 8): cases, their timelines, alerts, deadlines, relays.
-- Everything references people(id) ON DELETE CASCADE so "내 정보 삭제" removes it. The excerpt is
-- sensitive data (PIPA Art. 23): minimal, access audited, cleared by the retention sweep.

-- One case per escalation. At most one open case per person (the quiz engineer checks
-- `status = 'open'` here to pause quizzes and nudges).
CREATE TABLE support_cases (
  id bigserial PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  level text NOT NULL CHECK (level IN ('concern', 'high', 'harm_by_others')),
  -- screen: the risk screen; request: the person asked for someone; pattern: repeated concern;
  -- moderation: the second opinion raised it.
  source text NOT NULL CHECK (source IN ('screen', 'request', 'pattern', 'moderation')),
  speaker text NOT NULL DEFAULT 'student' CHECK (speaker IN ('student', 'parent', 'unknown')),
  -- Minimal masked excerpt (at most 80 characters), null when not kept.
  excerpt text,
  -- Lexicon entry ids, never the words.
  signals jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- What the bot already told the person ('crisis_reply', 'concern_choice', …), for the alert.
  bot_sent text NOT NULL,
  -- Ladder position: 0 mentor, 1 coordinator, 2 staff, 3 everyone on every channel.
  stage integer NOT NULL DEFAULT 0,
  wants text CHECK (wants IN ('mentor', 'staff')),
  assignee_id uuid REFERENCES people (id) ON DELETE SET NULL,
  assignee_tier text,
  acked_at timestamptz,
  first_acked_at timestamptz,
  contacted_at timestamptz,
  relay_active boolean NOT NULL DEFAULT false,
  last_student_at timestamptz,
  last_helper_at timestamptz,
  crisis_resent_at timestamptz,
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by uuid REFERENCES people (id) ON DELETE SET NULL,
  close_note jsonb
);
CREATE UNIQUE INDEX support_cases_one_open ON support_cases (person_id) WHERE status = 'open';
CREATE INDEX support_cases_assignee ON support_cases (assignee_id) WHERE status = 'open';
CREATE INDEX support_cases_opened ON support_cases (opened_at);

-- Every step, timestamped. actor: 'bot', 'person:<id>', 'admin:<name>'. detail holds ids, never text.
CREATE TABLE support_case_events (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES support_cases (id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  actor text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX support_case_events_case ON support_case_events (case_id, id);

-- Each alert sent to a mentor or staff member: one outbox row (by its idempotency key).
CREATE TABLE support_alerts (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES support_cases (id) ON DELETE CASCADE,
  recipient_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  channel text NOT NULL,
  channel_user_id text NOT NULL,
  stage integer NOT NULL,
  reason text NOT NULL,
  outbox_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  -- Set once a failed send was handled (next channel or tier).
  failure_handled_at timestamptz
);
CREATE INDEX support_alerts_case ON support_alerts (case_id);
CREATE INDEX support_alerts_unhandled ON support_alerts (case_id) WHERE failure_handled_at IS NULL;

-- Deadlines as rows: processed by runDue(now) with FOR UPDATE SKIP LOCKED; the unique key makes
-- planning idempotent, so restarts keep them and two instances never act twice.
CREATE TABLE support_deadlines (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES support_cases (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('ack', 'contact', 'silence', 'retry')),
  key text NOT NULL UNIQUE,
  due_at timestamptz NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  done_at timestamptz
);
CREATE INDEX support_deadlines_due ON support_deadlines (due_at) WHERE done_at IS NULL;

-- Relayed messages (no text here: the text lives in the outbox row, swept by the host).
CREATE TABLE support_relays (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES support_cases (id) ON DELETE CASCADE,
  direction text NOT NULL CHECK (direction IN ('to_student', 'to_helper')),
  helper_id uuid REFERENCES people (id) ON DELETE CASCADE,
  outbox_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL
);
CREATE INDEX support_relays_case ON support_relays (case_id, id);

-- Which student a helper with several open cases is writing to.
CREATE TABLE support_helper_focus (
  helper_id uuid PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  case_id bigint NOT NULL REFERENCES support_cases (id) ON DELETE CASCADE,
  set_at timestamptz NOT NULL
);

-- Korean days on which someone showed concern (no text): repeated concern raises attention.
-- Kept 14 days only.
CREATE TABLE support_concern_days (
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  day date NOT NULL,
  PRIMARY KEY (person_id, day)
);
