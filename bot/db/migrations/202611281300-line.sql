-- LINE channel (integrations/line/line-channel.ts): what the webhook adapter remembers between
-- events. Rows about a person reference people(id) ON DELETE CASCADE ("내 정보 삭제" removes them);
-- the only text kept here is an overflow page, which expires and is swept by the channel's runDue.

-- LINE message id → our event id, so an `unsend` can delete the stored text (message_log keeps the
-- webhookEventId in channel_message_id). Written with the inbound event (person not known yet) and
-- tied to the person once the turn ran; no text. Swept after RETENTION_DAYS, or after a day when
-- it never got a person (the text was not kept either).
CREATE TABLE line_message_ids (
  message_id text PRIMARY KEY,
  channel_user_id text NOT NULL,
  channel_event_id text NOT NULL,
  person_id uuid REFERENCES people (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL
);
CREATE INDEX line_message_ids_person ON line_message_ids (person_id);
CREATE INDEX line_message_ids_created ON line_message_ids (created_at);

-- Quick replies that did not fit LINE's 13, served on "더 보기" (postback line:more). One row per
-- user: a newer answer replaces it.
CREATE TABLE line_overflow (
  channel_user_id text PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  reply jsonb NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX line_overflow_person ON line_overflow (person_id);
CREATE INDEX line_overflow_expiry ON line_overflow (expires_at);

-- Groups and rooms told once that the bot answers only 1:1 chats (a group is not a person).
CREATE TABLE line_group_notices (
  group_id text PRIMARY KEY,
  sent_at timestamptz NOT NULL
);

-- How many LINE batches (≤ 5 messages each) of an outbox row were accepted already, so a retry or
-- a recovered send resumes after them (each batch has its own retry key derived from the row's).
CREATE TABLE line_outbox_progress (
  outbox_id bigint PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
  batches_done integer NOT NULL
);
