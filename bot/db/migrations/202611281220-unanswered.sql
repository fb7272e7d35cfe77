-- Review queue for operators: knowledge questions the bot could not answer with confidence.
-- Masked text only (the host masks 주민등록번호, phone and account numbers first) and no person or
-- channel identifier, so a row cannot be tied back to anyone. Swept after RETENTION_DAYS by
-- created_at (the knowledge capability's runDue).
CREATE TABLE knowledge_unanswered (
  id bigserial PRIMARY KEY,
  question text NOT NULL CHECK (char_length(question) BETWEEN 1 AND 500),
  language text NOT NULL CHECK (language IN ('ko', 'en')),
  -- below_threshold: retrieval was not sure; model_unsure: the model found no answer in the passages.
  reason text NOT NULL CHECK (reason IN ('below_threshold', 'model_unsure')),
  confidence real NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  -- The closest document, to help the operator decide whether a doc is missing or just misses words.
  top_doc_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_unanswered_created_at ON knowledge_unanswered (created_at);
