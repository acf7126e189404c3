-- Emails name accounts exactly, but for ASCII letter case. 001 compared
-- them in utf8mb4_unicode_nopad_ci, where accents, full-width forms and
-- some zero-width characters are ignored: a sender could reach bob with
-- "bób@", "ｂｏｂ@" or "bob@...\u200b". Now users.email is kept as given
-- (for display and mail) in the table's binary collation, and email_key,
-- the address with A-Z lower-cased (EmailKey() in common/email.h, the same
-- function), is the unique key every lookup compares with, byte for byte.
-- A generated column, so that no writer of users.email (user create,
-- delete_user) can forget it. ASCII only: Unicode lower-casing maps
-- look-alikes onto plain letters (the Kelvin sign becomes "k") and differs
-- between servers. VARBINARY, not utf8mb4_bin: that collation pads, so
-- "bob@example.com " would equal "bob@example.com".
--
-- Rows the old collation held apart always differ in their keys (equal
-- keys differ only in ASCII case, which the old unique key already
-- refused); earshotctl migrate still checks first and reports any it finds
-- (for a database whose unique key was changed by hand) instead of merging.

ALTER TABLE users
  MODIFY email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin
    NULL;

ALTER TABLE users
  ADD COLUMN email_key VARBINARY(1016)
    AS (CAST(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(email, 'A', 'a'), 'B', 'b'), 'C', 'c'), 'D', 'd'), 'E', 'e'), 'F', 'f'), 'G', 'g'), 'H', 'h'), 'I', 'i'), 'J', 'j'), 'K', 'k'), 'L', 'l'), 'M', 'm'), 'N', 'n'), 'O', 'o'), 'P', 'p'), 'Q', 'q'), 'R', 'r'), 'S', 's'), 'T', 't'), 'U', 'u'), 'V', 'v'), 'W', 'w'), 'X', 'x'), 'Y', 'y'), 'Z', 'z') AS BINARY)) STORED AFTER email;

ALTER TABLE users
  ADD UNIQUE KEY uq_users_email_key (email_key),
  DROP KEY uq_users_email;
