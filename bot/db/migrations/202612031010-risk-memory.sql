-- The risk screen's memory of earlier turns (lower thresholds after a flag, cues adding up). Numbers
-- only, never words; it lives and expires with the dialog state.
ALTER TABLE dialog_states ADD COLUMN risk_memory jsonb;
