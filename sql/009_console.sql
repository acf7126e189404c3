-- The console (admin.fcgi, issue 13): passwords of the platform users who
-- may sign in (role admin or manager), one-time links that let a user set
-- a password, sessions, login throttling and the audit log. Sessions live
-- here, not in a process, so any host running the console can serve any
-- request.

-- An Argon2id hash in its PHC string form ($argon2id$v=19$m=...,t=...,p=...
-- $salt$hash); the password itself is never stored.
CREATE TABLE console_passwords (
  user_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  hash VARCHAR(255) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  CONSTRAINT fk_console_passwords_user FOREIGN KEY (user_id)
    REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A link that lets its holder set user_id's password once, before
-- expires_at (`earshotctl user invite`, printed by `make run`). Only the
-- SHA-256 of the token is kept.
CREATE TABLE console_setup_tokens (
  token_hash BINARY(32) NOT NULL PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  expires_at DATETIME(6) NOT NULL,
  used_at DATETIME(6) NULL,
  KEY ix_console_setup_tokens_user (user_id),
  CONSTRAINT fk_console_setup_tokens_user FOREIGN KEY (user_id)
    REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A signed-in browser. The cookie carries a random token; only its
-- SHA-256 is kept, so a copy of this table signs nobody in. csrf_token is
-- the session's form token (base64url), compared in constant time.
CREATE TABLE console_sessions (
  token_hash BINARY(32) NOT NULL PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  csrf_token VARCHAR(64) NOT NULL,
  client_addr VARCHAR(64) NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  last_seen_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  expires_at DATETIME(6) NOT NULL,
  KEY ix_console_sessions_user (user_id),
  KEY ix_console_sessions_expires (expires_at),
  CONSTRAINT fk_console_sessions_user FOREIGN KEY (user_id)
    REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Failed sign-ins, one row each, counted over a recent window per account
-- (the email as typed, lowercased) and per client address. Old rows are
-- deleted as new ones come.
CREATE TABLE console_login_failures (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind ENUM('account', 'address') NOT NULL,
  subject VARCHAR(254) NOT NULL,
  failed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ix_console_login_failures_subject (kind, subject, failed_at),
  KEY ix_console_login_failures_at (failed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Who changed what, when: every change made through the console, and
-- passwords set with earshotctl. actor is the user's email at the time
-- (kept when the user is later erased), or "earshotctl (OS user)".
CREATE TABLE console_audit (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  user_id BIGINT UNSIGNED NULL,
  actor VARCHAR(300) NOT NULL,
  action VARCHAR(64) NOT NULL,
  object VARCHAR(255) NOT NULL DEFAULT '',
  detail TEXT NULL,
  client_addr VARCHAR(64) NOT NULL DEFAULT '',
  KEY ix_console_audit_at (at),
  KEY ix_console_audit_user (user_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
