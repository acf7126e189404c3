-- The loop guard (common/hops.h): the Earshot-Hops value a queued webhook
-- carries, one more than the hop count of the delivery that queued it.
-- Rows queued before this migration came from deliveries counted as 0.

ALTER TABLE outbox ADD COLUMN hops INT UNSIGNED NOT NULL DEFAULT 1 AFTER origin;
