-- Leases live for the length of one turn. They need no crash durability (an expired lease is
-- taken over; the dialog state's version check still guards every save), so they skip the
-- write-ahead log and the disk flush on every turn.
ALTER TABLE user_leases SET UNLOGGED;
