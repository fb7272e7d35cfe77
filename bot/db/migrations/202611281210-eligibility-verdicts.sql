-- Eligibility verdicts the bot gave, so the help centre can check a complaint by its 문의번호.
-- No names, no phone or registration numbers, no person id: facts are the evaluator's inputs in
-- coarse form (age range, school year, groups, residence, household size, income band).
-- Swept by the host after RETENTION_DAYS on created_at.
CREATE TABLE eligibility_verdicts (
  inquiry_code     text PRIMARY KEY CHECK (inquiry_code ~ '^[A-Z0-9-]{4,16}$'),
  facts            jsonb NOT NULL,
  rule_set_version text NOT NULL,
  check_date       date NOT NULL,
  verdict          text NOT NULL CHECK (verdict IN ('eligible', 'not_eligible', 'needs_confirmation')),
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX eligibility_verdicts_created_at_idx ON eligibility_verdicts (created_at);
