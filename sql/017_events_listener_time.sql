-- `events list --listener L --since/--until` (and the console's delivery
-- list of one listener over a time range): with only (listener_id, id) the
-- newest-first walk read every later event of the listener before reaching
-- an old range (61,000 rows at 1 M events, 4.7 s); this index reads the
-- range itself. Measured cost: about 2% more work per delivery row.
ALTER TABLE events ADD KEY ix_events_listener_received (listener_id, received_at);
