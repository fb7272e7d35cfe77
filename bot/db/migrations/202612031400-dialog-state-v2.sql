-- Dialog state v2 (issue 13): a stack of frames. A stored v1 state ({ v, flow, step, answers }) becomes
-- a stack of one frame with the same flow, step, answers (now `slots`) and flow version. The reader
-- still accepts v1, so a row written by an older instance during a rolling deploy is not lost.
UPDATE dialog_states
   SET state = jsonb_build_object(
         'v', 2,
         'frames', jsonb_build_array(jsonb_build_object(
           'flow', state->'flow',
           'step', state->'step',
           'slots', coalesce(state->'answers', '{}'::jsonb),
           'v', state->'v'
         ))
       )
 WHERE state IS NOT NULL
   AND jsonb_typeof(state) = 'object'
   AND NOT state ? 'frames'
   AND state ? 'flow'
   AND state ? 'step';
