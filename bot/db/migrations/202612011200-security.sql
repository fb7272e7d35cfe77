-- Security review (issue 18). See SECURITY.md for the threat model.

-- 1. Link codes: 6 digits were guessed in minutes. A code is now 10 characters; its first 5 (the
--    selector) find the row, the other 5 are kept only as a hash (the verifier). Failed tries are
--    counted on the code (burned at 5) and per source (link_code_attempts). Every outstanding
--    6-digit code is void: staff get a new one from the admin API.
DELETE FROM link_codes;
ALTER TABLE link_codes DROP CONSTRAINT link_codes_pkey;
ALTER TABLE link_codes DROP COLUMN code;
ALTER TABLE link_codes ADD COLUMN id bigserial PRIMARY KEY;
ALTER TABLE link_codes ADD COLUMN selector text NOT NULL;
ALTER TABLE link_codes ADD COLUMN verifier_hash text NOT NULL;
ALTER TABLE link_codes ADD COLUMN failed_tries integer NOT NULL DEFAULT 0;
ALTER TABLE link_codes ADD COLUMN burned_at timestamptz;
-- Optional: the only channel (and channel id) the admin expects the code from.
ALTER TABLE link_codes ADD COLUMN bound_channel text CHECK (bound_channel IN ('web', 'kakao', 'line'));
ALTER TABLE link_codes ADD COLUMN bound_channel_user_id text;
CREATE UNIQUE INDEX link_codes_selector ON link_codes (selector);

-- Failed tries per source within a window: a keyed hash of the channel user or of the client
-- address (never the id or the address itself). Rows go when their window ends.
CREATE TABLE link_code_attempts (
  source text PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  failures integer NOT NULL
);

-- 2. The unanswered-question queue was not tied to anyone, so "내 정보 삭제" could not reach a
--    question someone typed. It now belongs to the person who asked (deleted with them).
ALTER TABLE knowledge_unanswered ADD COLUMN person_id uuid REFERENCES people (id) ON DELETE CASCADE;
CREATE INDEX knowledge_unanswered_person ON knowledge_unanswered (person_id) WHERE person_id IS NOT NULL;

-- 3. Alerts and relayed messages are stored under the helper's person id (outbox, web inbox,
--    held Kakao answers, "더 보기" pages), so "내 정보 삭제" by the student left their words with the
--    helper. Every such copy now names its subject, the student it is about, and goes with them:
--    by foreign key where a row has one subject; Kakao rows that join several answers list all
--    their subjects and are deleted by bot/privacy.ts.
ALTER TABLE outbox ADD COLUMN subject_id uuid REFERENCES people (id) ON DELETE CASCADE;
CREATE INDEX outbox_subject ON outbox (subject_id) WHERE subject_id IS NOT NULL;
ALTER TABLE web_inbox ADD COLUMN subject_id uuid REFERENCES people (id) ON DELETE CASCADE;
CREATE INDEX web_inbox_subject ON web_inbox (subject_id) WHERE subject_id IS NOT NULL;
ALTER TABLE line_overflow ADD COLUMN subject_id uuid REFERENCES people (id) ON DELETE CASCADE;
ALTER TABLE kakao_held ADD COLUMN subject_ids uuid[] NOT NULL DEFAULT '{}';
ALTER TABLE kakao_overflow ADD COLUMN subject_ids uuid[] NOT NULL DEFAULT '{}';

-- 4. Floods: 30 anonymous sessions from one address opened 33 cases and paged staff 34 times. A
--    case remembers where it came from (a keyed hash of the client address, web only), and pages
--    about cases from one address within a window are grouped into one alert that lists them all.
--    A grouped alert is one outbox row shared by several cases: the alert key is unique per case.
ALTER TABLE support_cases ADD COLUMN origin text;
CREATE INDEX support_cases_origin ON support_cases (origin, opened_at) WHERE origin IS NOT NULL;
ALTER TABLE support_alerts DROP CONSTRAINT support_alerts_outbox_key_key;
CREATE UNIQUE INDEX support_alerts_key_case ON support_alerts (outbox_key, case_id);
CREATE INDEX support_alerts_recipient ON support_alerts (recipient_id, created_at);
-- People who never got past their first message are swept (bot/privacy.ts): found by these.
CREATE INDEX people_unclaimed ON people (created_at) WHERE audience IS NULL AND consent = 'unknown';
CREATE INDEX inbound_events_user ON inbound_events (channel, channel_user_id);
