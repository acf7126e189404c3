-- The console's outbox page (issue 13) links each message to the delivery
-- that queued it.
--
-- event_id: that delivery's event, set in the delivery's own transaction
-- when its event is recorded; NULL for messages queued before this column.
-- No foreign key: the delivery log's retention purges events, the outbox
-- keeps its rows.
-- queued_by: while the delivery's transaction is open, its session's
-- CONNECTION_ID(), so that recording the event finds the messages of its
-- own transaction (no other session's rows carry that id uncommitted);
-- NULL once linked.
ALTER TABLE outbox
  ADD COLUMN event_id BIGINT UNSIGNED NULL,
  ADD COLUMN queued_by BIGINT UNSIGNED NULL,
  ADD KEY ix_outbox_queued_by (queued_by);
