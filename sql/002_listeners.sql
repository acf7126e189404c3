-- API keys, external data, listeners and the delivery log.

CREATE TABLE api_keys (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  -- The key's first characters, so operators can tell keys apart.
  prefix VARCHAR(16) NOT NULL,
  -- SHA-256 of the whole key; the key itself is never stored.
  hash BINARY(32) NOT NULL,
  -- Space-separated CIDRs; NULL allows every address.
  allow_ips TEXT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  revoked_at DATETIME(6) NULL,
  last_used_at DATETIME(6) NULL,
  UNIQUE KEY uq_api_keys_name (name),
  UNIQUE KEY uq_api_keys_hash (hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE data_groups (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  target ENUM('users', 'feedback', 'projects') NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_data_groups_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE data_fields (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT UNSIGNED NOT NULL,
  label VARCHAR(64) NOT NULL,
  -- JSON Pointer into a delivery's body.
  param VARCHAR(1024) NOT NULL,
  type ENUM('boolean', 'datetime', 'integer', 'string') NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_data_fields_label (group_id, label),
  CONSTRAINT fk_data_fields_group FOREIGN KEY (group_id)
    REFERENCES data_groups (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- One row per (field, target) that holds a value; no row means null.
-- target_id is a users, feedback or projects id, per the field's group.
CREATE TABLE data_values (
  field_id BIGINT UNSIGNED NOT NULL,
  target_id BIGINT UNSIGNED NOT NULL,
  value_int BIGINT NULL,        -- integer, and boolean as 0 or 1
  value_time DATETIME(6) NULL,  -- datetime, in UTC
  -- Every type's canonical text; for strings, the string. Identify by
  -- data:GROUP.LABEL looks values up here.
  value_text TEXT NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (field_id, target_id),
  KEY ix_data_values_text (field_id, value_text(255)),
  KEY ix_data_values_target (target_id),
  CONSTRAINT fk_data_values_field FOREIGN KEY (field_id)
    REFERENCES data_fields (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- A macro: a named, ordered list of actions for users or for feedback,
-- kept as the JSON document it was saved from (validated then).
CREATE TABLE macros (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  target ENUM('users', 'feedback') NOT NULL,
  actions MEDIUMTEXT NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_macros_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE listeners (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  listener_key VARCHAR(64) NOT NULL,
  type ENUM('macro', 'comment', 'data') NOT NULL,
  target ENUM('users', 'feedback', 'projects') NOT NULL,
  -- NULL: community scope; else project:ID.
  scope_project_id BIGINT UNSIGNED NULL,
  api_key_id BIGINT UNSIGNED NOT NULL,
  -- ATTRIBUTE=SOURCE, e.g. email=/user/emailAddress.
  identify VARCHAR(1100) NOT NULL,
  -- Normalised filter text; compiled once per handler process.
  filter TEXT NULL,
  group_id BIGINT UNSIGNED NULL,          -- data listeners
  macro_id BIGINT UNSIGNED NULL,          -- macro listeners
  author_field VARCHAR(1024) NULL,        -- comment listeners ...
  author_email VARCHAR(254) NULL,
  comment_field VARCHAR(1024) NULL,
  popularity_weight INT NOT NULL DEFAULT 1,
  signature_scheme ENUM('github', 'standard', 'token') NULL,
  -- Kept in clear: HMAC needs it. One per line: several while rotating.
  signature_secret TEXT NULL,
  signature_header VARCHAR(128) NULL,     -- token scheme's header name
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  name VARCHAR(255) NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_listeners_key (listener_key),
  CONSTRAINT fk_listeners_api_key FOREIGN KEY (api_key_id)
    REFERENCES api_keys (id),
  CONSTRAINT fk_listeners_project FOREIGN KEY (scope_project_id)
    REFERENCES projects (id),
  CONSTRAINT fk_listeners_group FOREIGN KEY (group_id)
    REFERENCES data_groups (id),
  CONSTRAINT fk_listeners_macro FOREIGN KEY (macro_id) REFERENCES macros (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- The delivery log: one row per delivery to an existing listener, written
-- in the same transaction as the delivery's effects. Deliberately no
-- foreign key to listeners: the log outlives a deleted listener.
CREATE TABLE events (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  listener_id BIGINT UNSIGNED NOT NULL,
  received_at DATETIME(6) NOT NULL,
  http_status SMALLINT UNSIGNED NOT NULL,
  error_code VARCHAR(32) NULL,
  error_message VARCHAR(1024) NULL,
  delivery_id VARCHAR(255) NULL,
  -- SHA-256 of the delivery id on an applied delivery, while it is
  -- retained for duplicate detection; the unique key makes two copies
  -- arriving at once on two processes apply once.
  dedup_key BINARY(32) NULL,
  duplicate_of BIGINT UNSIGNED NULL,
  replay_of BIGINT UNSIGNED NULL,
  client_addr VARCHAR(64) NOT NULL DEFAULT '',
  duration_us INT UNSIGNED NOT NULL DEFAULT 0,
  outcomes TEXT NULL,   -- JSON: [{"id":17,"outcome":"applied"}, ...]
  headers TEXT NULL,    -- JSON object, secrets masked
  body MEDIUMBLOB NULL, -- the first 64 KiB
  body_size INT UNSIGNED NOT NULL DEFAULT 0,
  UNIQUE KEY uq_events_dedup (listener_id, dedup_key),
  KEY ix_events_listener (listener_id, id),
  KEY ix_events_status (http_status, id),
  KEY ix_events_received (received_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
