-- The delivery log's erasure index and retention.
--
-- event_subjects: for every event, who it named (a user it targeted, an
-- address it carried as identifier or comment author), as a 16-byte key
-- (see common/event_subjects.h), so delete_user finds the events to scrub
-- through this index instead of reading every stored body. Rows go with
-- their event when it is purged.
CREATE TABLE event_subjects (
  subject BINARY(16) NOT NULL,
  event_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (subject, event_id),
  KEY ix_event_subjects_event (event_id)
) ENGINE=InnoDB;

-- Events recorded before this index existed (ids up to legacy_max_event_id)
-- are still scrubbed by reading their bodies, until retention purges them.
CREATE TABLE event_subjects_state (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  legacy_max_event_id BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT INTO event_subjects_state (id, legacy_max_event_id)
  SELECT 1, COALESCE(MAX(id), 0) FROM events;
