-- Vietnamese and Chinese speakers keep their language (the crisis reply and, later, the main texts).
ALTER TABLE people DROP CONSTRAINT IF EXISTS people_language_check;
ALTER TABLE people ADD CONSTRAINT people_language_check CHECK (language IN ('ko', 'en', 'vi', 'zh'));
ALTER TABLE knowledge_unanswered DROP CONSTRAINT IF EXISTS knowledge_unanswered_language_check;
ALTER TABLE knowledge_unanswered ADD CONSTRAINT knowledge_unanswered_language_check CHECK (language IN ('ko', 'en', 'vi', 'zh'));
