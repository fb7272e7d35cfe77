-- Issue 16: the quiz covers every grade from 초1 (초1–2 on demand), and pushes go out on school days
-- (Monday–Friday except public holidays, knowledge/calendar/holidays.yaml) unless the student chose
-- every day. Existing subscribers get the default, school days.
ALTER TABLE quiz_profiles DROP CONSTRAINT quiz_profiles_grade_check;
ALTER TABLE quiz_profiles ADD CONSTRAINT quiz_profiles_grade_check
  CHECK (grade IN ('초1', '초2', '초3', '초4', '초5', '초6', '중1', '중2', '중3', '고1', '고2', '고3'));
ALTER TABLE quiz_profiles ADD COLUMN push_days text NOT NULL DEFAULT 'school'
  CHECK (push_days IN ('school', 'every'));
