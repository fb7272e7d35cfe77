-- KakaoTalk channel (integrations/kakao/kakao-channel.ts): what the skill server must remember
-- between two requests of one user. Every row belongs to a person (ON DELETE CASCADE, so
-- "내 정보 삭제" removes it) and the rows holding text expire and are swept by the channel's runDue.

-- The part of the last answer that did not fit Kakao's 3 outputs / 10 quick replies, served on
-- "더 보기" (postback kakao:more). One row per user: a new answer replaces it.
CREATE TABLE kakao_overflow (
  channel_user_id text PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  reply jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kakao_overflow_person ON kakao_overflow (person_id);
CREATE INDEX kakao_overflow_expiry ON kakao_overflow (expires_at);

-- Answers Kakao could not take when they were ready (callback refused or too late, no callback and
-- past the 5 s budget, proactive messages without the Event API or to a non-friend), shown at the
-- user's next message after "놓친 메시지가 있어요" and deleted as they are shown.
CREATE TABLE kakao_held (
  id bigserial PRIMARY KEY,
  channel_user_id text NOT NULL,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  reply jsonb NOT NULL,
  -- Why it is held: 'callback-failed', 'callback-late', 'sync-late', 'crisis-rest', 'proactive', …
  reason text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kakao_held_user ON kakao_held (channel_user_id, id);
CREATE INDEX kakao_held_person ON kakao_held (person_id);
CREATE INDEX kakao_held_expiry ON kakao_held (expires_at);

-- Event API sends for outbox rows: the taskId Kakao returned (checked with GET /v1/tasks/{id} before
-- the row is marked sent) and when the event block served the row. No text here.
CREATE TABLE kakao_event_tasks (
  outbox_id bigint PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
  task_id text NOT NULL,
  sent_at timestamptz NOT NULL,
  served_at timestamptz
);
CREATE INDEX kakao_event_tasks_task ON kakao_event_tasks (task_id);
