-- Support mode (issue 14): what the student writes from the first risk reply until the case closes,
-- kept as the case thread for the helper who takes the case. Minimal (masked by the channel boundary
-- and bot/masking.ts, one message at most 500 characters), every read audited, deleted with the
-- student (people ON DELETE CASCADE, and with the case) and by the retention sweep after RETENTION_DAYS.
-- Legal basis: PIPA Art. 23 (sensitive data) with consent, and the protection-of-life exception for
-- high risk and harm by others (see the README's privacy part).
CREATE TABLE support_thread (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES support_cases (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  -- 'student' (the person the case is about) or 'bot' (what the bot answered them, for context).
  author text NOT NULL CHECK (author IN ('student', 'bot')),
  body text NOT NULL,
  -- The risk level the screen gave this message (never the words' signals).
  level text NOT NULL DEFAULT 'none',
  created_at timestamptz NOT NULL
);
CREATE INDEX support_thread_case ON support_thread (case_id, id);
CREATE INDEX support_thread_created ON support_thread (created_at);
