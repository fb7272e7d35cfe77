-- Daily study quiz: subscriptions and progress, FSRS cards, answers, deliveries, problem reports.
-- Nothing here holds free text typed by a student (reports carry a reason code), so no retention
-- sweep is needed; every row goes with the person (ON DELETE CASCADE).

-- One row per student who set the quiz up. status: active (daily push), paused ("퀴즈 그만"),
-- none (on-demand only, no push). resume_on: "내일 다시" skips until that Korean date.
CREATE TABLE quiz_profiles (
  person_id uuid PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  grade text NOT NULL CHECK (grade IN ('초5', '초6', '중1', '중2', '중3', '고1', '고2', '고3')),
  subjects text[] NOT NULL CHECK (cardinality(subjects) >= 1),
  -- Minutes after Seoul midnight; pushes only 08:00 <= t < 21:00.
  delivery_minute integer NOT NULL DEFAULT 960 CHECK (delivery_minute >= 480 AND delivery_minute < 1260),
  question_count integer NOT NULL DEFAULT 3 CHECK (question_count IN (3, 5)),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'none')),
  starts_on date NOT NULL,
  resume_on date,
  weekly_report boolean NOT NULL DEFAULT true,
  share_with_parent boolean NOT NULL DEFAULT false,
  -- Streak in Korean days; freezes are earned by activity (never bought) and used automatically.
  streak integer NOT NULL DEFAULT 0,
  best_streak integer NOT NULL DEFAULT 0,
  last_active_date date,
  active_days integer NOT NULL DEFAULT 0,
  freezes integer NOT NULL DEFAULT 0 CHECK (freezes BETWEEN 0 AND 2),
  freezes_just_used integer NOT NULL DEFAULT 0,
  -- Deliveries in a row nobody answered: after 3, one nudge, then weekly at most.
  unanswered_run integer NOT NULL DEFAULT 0,
  last_weekly_date date,
  grade_asked_year integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quiz_profiles_due ON quiz_profiles (delivery_minute) WHERE status = 'active';

-- The student's FSRS card per item (ts-fsrs Card as JSON); due is copied out for selection.
CREATE TABLE quiz_cards (
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  item_id text NOT NULL,
  card jsonb NOT NULL,
  due timestamptz NOT NULL,
  right_count integer NOT NULL DEFAULT 0,
  wrong_count integer NOT NULL DEFAULT 0,
  last_answer_at timestamptz NOT NULL,
  PRIMARY KEY (person_id, item_id)
);
CREATE INDEX quiz_cards_due ON quiz_cards (person_id, due);

-- Every graded answer once per session (a retried tap is not counted twice).
CREATE TABLE quiz_answers (
  id bigserial PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  session_key text NOT NULL,
  item_id text NOT NULL,
  subject text NOT NULL,
  unit text NOT NULL,
  correct boolean NOT NULL,
  quiz_date date NOT NULL,
  answered_at timestamptz NOT NULL,
  UNIQUE (person_id, session_key, item_id)
);
CREATE INDEX quiz_answers_person_date ON quiz_answers (person_id, quiz_date);

-- Exactly one daily quiz per person and Korean day: the key decides between restarts and instances.
-- status: sent (enqueued), pulled (asked for it before the push), nudge, skipped (by us: too late,
-- support case open, unreachable — see reason), rested (ignored for a while: no push today).
CREATE TABLE quiz_deliveries (
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  quiz_date date NOT NULL,
  status text NOT NULL CHECK (status IN ('sent', 'pulled', 'nudge', 'skipped', 'rested')),
  reason text,
  items text[] NOT NULL DEFAULT '{}',
  position integer NOT NULL DEFAULT 0,
  correct integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  PRIMARY KEY (person_id, quiz_date)
);
CREATE INDEX quiz_deliveries_date ON quiz_deliveries (quiz_date);

-- "문제 신고": the operators' review list (GET /admin/quiz/reports). A reason code, no free text;
-- person_id is null when the student's consent does not allow keeping anything about them.
CREATE TABLE quiz_reports (
  id bigserial PRIMARY KEY,
  person_id uuid REFERENCES people (id) ON DELETE CASCADE,
  item_id text NOT NULL,
  reason text NOT NULL CHECK (reason IN ('wrong_answer', 'unclear', 'too_hard', 'other')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'retired', 'dismissed')),
  created_at timestamptz NOT NULL
);
CREATE INDEX quiz_reports_open ON quiz_reports (item_id) WHERE status = 'open';
