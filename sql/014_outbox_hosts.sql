-- The outbox worker sends many messages at once with a limit per
-- receiving host (issue 15), so it claims per host: a host at its limit
-- (say, one that never answers) leaves its messages unclaimed and never
-- holds back another host's.
--
-- target_host: "host:port" of a webhook's URL, "smtp" for emails; set by
-- the worker itself for rows queued without it ('' until then), so every
-- writer of the outbox keeps working unchanged.
-- ix_outbox_host_due: finds the hosts with due messages without reading
-- each message (a loose scan), and a host's oldest due messages.
ALTER TABLE outbox
  ADD COLUMN target_host VARCHAR(300) NOT NULL DEFAULT '',
  ADD KEY ix_outbox_host_due (state, target_host, next_attempt_at);
