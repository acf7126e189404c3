-- API keys in the console (issue 13): an optional address to email when a
-- key is used from a client address it was not used from before, and the
-- addresses such keys have been used from. Keys without notification keep
-- no addresses (their deliveries do no extra work).

ALTER TABLE api_keys ADD COLUMN notify_email VARCHAR(254) NULL;

-- One row per (key, client address as nginx reported it), written by the
-- first delivery from that address that passed the key check.
CREATE TABLE api_key_addresses (
  api_key_id BIGINT UNSIGNED NOT NULL,
  client_addr VARCHAR(64) NOT NULL,
  first_seen_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  -- When its email was queued; NULL when the hourly cap held it back.
  notified_at DATETIME(6) NULL,
  PRIMARY KEY (api_key_id, client_addr),
  KEY ix_api_key_addresses_notified (api_key_id, notified_at),
  CONSTRAINT fk_api_key_addresses_key FOREIGN KEY (api_key_id)
    REFERENCES api_keys (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
