-- Hostile senders (issue 10): each event records whether its delivery
-- passed the API key check and the signature check, so that only
-- authenticated deliveries are replayed without --force, and who forced a
-- replay of one that was not. Secrets already logged in events.headers
-- (signature headers, a listener's own token header) are masked.

ALTER TABLE events
  ADD COLUMN key_passed BOOLEAN NOT NULL DEFAULT FALSE AFTER client_addr,
  ADD COLUMN signature_passed BOOLEAN NOT NULL DEFAULT FALSE AFTER key_passed,
  -- The operating-system user who forced the replay of an event that had
  -- not passed both checks (SUDO_USER under sudo); NULL otherwise.
  ADD COLUMN forced_by VARCHAR(255) NULL AFTER replay_of;

-- Earlier rows, from how far the checks got: method, size, content type,
-- API key, enabled, signature, JSON, identify, the type's own checks. An
-- answer given after the signature check passed both; a disabled listener
-- passed the key only; anything else (405, 413, 415, 401, 403 key or
-- address refusals) neither. `internal` comes from the transaction after
-- both checks (or, in theory, a failed read of the API key table that a
-- sender cannot cause).
UPDATE events SET key_passed = TRUE, signature_passed = TRUE
WHERE replay_of IS NULL AND (http_status = 200 OR error_code IN (
  'invalid_json', 'not_an_object', 'too_deep', 'invalid_utf8',
  'missing_identifier', 'invalid_value', 'author_not_allowed',
  'too_many_targets', 'internal', 'unavailable'));
UPDATE events SET key_passed = TRUE
WHERE replay_of IS NULL AND error_code = 'listener_disabled';

-- Replays skipped both checks: they stand for their original. Twice, for
-- a replay of a replay; a longer chain stays unauthenticated (--force).
UPDATE events r JOIN events o ON o.id = r.replay_of
SET r.key_passed = o.key_passed, r.signature_passed = o.signature_passed
WHERE r.replay_of IS NOT NULL;
UPDATE events r JOIN events o ON o.id = r.replay_of
SET r.key_passed = o.key_passed, r.signature_passed = o.signature_passed
WHERE r.replay_of IS NOT NULL;

-- Mask what earlier versions logged in clear: signature headers, and the
-- token header a listener named with --token-header (logged names are
-- lowercase, '_' as '-').
UPDATE events
SET headers = JSON_REPLACE(headers,
  '$."x-hub-signature-256"', '***', '$."x-hub-signature"', '***',
  '$."webhook-signature"', '***', '$."svix-signature"', '***')
WHERE headers LIKE '%signature%' AND JSON_VALID(headers);
UPDATE events e JOIN listeners l ON l.id = e.listener_id
SET e.headers = JSON_REPLACE(e.headers,
  CONCAT('$."', REPLACE(LOWER(l.signature_header), '_', '-'), '"'), '***')
WHERE l.signature_header IS NOT NULL AND e.headers IS NOT NULL
  AND JSON_VALID(e.headers);
