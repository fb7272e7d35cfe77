-- Helpers' work and mentor ↔ mentee links (issue 14, helper half).

-- 1. A mentor gets a code from "내 학생 추가" and gives it to the student: a fourth code purpose.
ALTER TABLE link_codes DROP CONSTRAINT link_codes_purpose_check;
ALTER TABLE link_codes ADD CONSTRAINT link_codes_purpose_check
  CHECK (purpose IN ('parent_child', 'guardian_consent', 'staff_link', 'mentor_mentee'));

-- 2. A linked student is told who their mentor is at their next message (and may decline):
--    introduced_at says that happened. Links made before this migration count as introduced.
ALTER TABLE links ADD COLUMN introduced_at timestamptz;
UPDATE links SET introduced_at = created_at WHERE kind = 'mentor_mentee';

-- 3. Reminders a helper set in words ("내일 4시에 다시 연락할게"): due rows run by runDue(now).
--    No text: the reminder names the case only.
CREATE TABLE support_reminders (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES support_cases (id) ON DELETE CASCADE,
  helper_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  done_at timestamptz
);
CREATE INDEX support_reminders_due ON support_reminders (due_at) WHERE done_at IS NULL;
