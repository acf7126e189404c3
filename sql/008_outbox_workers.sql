-- Outbox workers' heartbeats: each running earshot-outbox (named
-- host:pid) sets seen_at every few seconds, so `earshotctl doctor` can
-- tell whether any worker is alive. Rows of workers gone for a week are
-- deleted by the workers themselves.
CREATE TABLE outbox_workers (
  name VARCHAR(128) NOT NULL PRIMARY KEY,
  started_at DATETIME(6) NOT NULL,
  seen_at DATETIME(6) NOT NULL,
  KEY ix_outbox_workers_seen (seen_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
