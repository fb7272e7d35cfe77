-- Mentors, coordinators and staff: registered by the admin API, linked by a code sent from
-- their own app. hours: on-duty windows (null = always on duty); away: a period off duty.
CREATE TABLE staff_profiles (
  person_id uuid PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  tier text NOT NULL CHECK (tier IN ('mentor', 'coordinator', 'staff')),
  hours jsonb,
  away_from timestamptz,
  away_until timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
