-- The outbox: emails and webhooks queued in the same transaction as the
-- delivery that caused them, delivered later by earshot-outbox with
-- retries, so a slow mail server or a dead webhook never slows a listener
-- down and nothing is lost when they fail.

CREATE TABLE outbox (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind ENUM('email', 'webhook') NOT NULL,
  state ENUM('pending', 'sent', 'dead') NOT NULL DEFAULT 'pending',
  -- An email address, or the webhook's URL.
  recipient VARCHAR(2048) NOT NULL,
  subject VARCHAR(998) NULL,
  body MEDIUMTEXT NOT NULL,
  -- Webhooks: a JSON object of extra request headers.
  headers TEXT NULL,
  -- Webhooks: the signing secret (whsec_...); NULL for the install's.
  secret VARCHAR(255) NULL,
  -- Stable across retries: the webhook-id / Message-ID receivers dedupe on.
  message_id VARCHAR(64) NOT NULL,
  -- Why it was queued, for operators: "comment", "macro NAME".
  origin VARCHAR(255) NOT NULL DEFAULT '',
  -- Attempts started, counted when a worker claims the message (so a
  -- message that keeps killing workers still ends up dead).
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  -- When pending: when it is next due. A worker claiming it moves this
  -- forward by its lease, so no other worker takes it meanwhile.
  next_attempt_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  -- The current claim: a random token only its holder knows, and who
  -- holds it (host:pid), for operators.
  lease_token CHAR(32) NULL,
  leased_by VARCHAR(128) NULL,
  last_error TEXT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  sent_at DATETIME(6) NULL,
  UNIQUE KEY uq_outbox_message (message_id),
  KEY ix_outbox_due (state, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Every delivery attempt, with its error (NULL when it succeeded).
CREATE TABLE outbox_attempts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  outbox_id BIGINT UNSIGNED NOT NULL,
  attempted_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  duration_ms INT UNSIGNED NOT NULL DEFAULT 0,
  -- The worker (host:pid) that made it.
  worker VARCHAR(128) NOT NULL DEFAULT '',
  error TEXT NULL,
  KEY ix_outbox_attempts_outbox (outbox_id),
  CONSTRAINT fk_outbox_attempts_outbox FOREIGN KEY (outbox_id)
    REFERENCES outbox (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
