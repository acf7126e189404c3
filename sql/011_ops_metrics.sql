-- Delivery metrics for /admin/metrics (common/store/delivery_metrics.h),
-- the metrics token, and the retention purge's last run.
--
-- Counters must never go down although retention deletes events, and
-- must cost the delivery path nothing (no counter row updated per
-- delivery: it would serialise deliveries). So events are folded into
-- cumulative totals after the fact: delivery_rollup.event_id says which
-- events the totals hold (every event with an id up to it, plus every
-- event a purge deleted above it); a scrape answers the totals plus the
-- events above event_id, one index range. Counting starts with this
-- migration: events already recorded are left out.
CREATE TABLE delivery_rollup (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  event_id BIGINT UNSIGNED NOT NULL,
  folded_at DATETIME(6) NULL,
  -- The retention purge's last batch, and how many events it has deleted
  -- since this migration (earshot-outbox, earshotctl events purge).
  purged_at DATETIME(6) NULL,
  purged_events BIGINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB;
INSERT INTO delivery_rollup (id, event_id)
  SELECT 1, COALESCE(MAX(id), 0) FROM events;

-- Deliveries per listener type and HTTP status, and their summed
-- duration.
CREATE TABLE delivery_totals (
  listener_type VARCHAR(32) NOT NULL,
  http_status SMALLINT UNSIGNED NOT NULL,
  deliveries BIGINT UNSIGNED NOT NULL,
  duration_us BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (listener_type, http_status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Deliveries per listener type whose duration fell in the histogram
-- bucket with upper bound le_us (not cumulative; slower than the last
-- bound: only in the totals).
CREATE TABLE delivery_duration_buckets (
  listener_type VARCHAR(32) NOT NULL,
  le_us BIGINT UNSIGNED NOT NULL,
  deliveries BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (listener_type, le_us)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The type of each listener deleted since this migration: its events stay
-- (and keep counting under their type) after the listener has gone.
CREATE TABLE deleted_listeners (
  listener_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  listener_type VARCHAR(32) NOT NULL,
  deleted_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The token Prometheus reads /admin/metrics with (earshotctl metrics
-- token): only its SHA-256 hash; one row, replaced by each new token.
CREATE TABLE metrics_token (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  token_hash BINARY(32) NOT NULL,
  created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB;
