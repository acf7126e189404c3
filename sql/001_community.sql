-- The community: projects, users, participation, feedback tickets,
-- followers and comments. Text compares exactly (nopad_bin) except emails,
-- which compare without regard to case.

CREATE TABLE config_state (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  -- Bumped by every change to listeners, API keys, data groups and macros,
  -- in the same transaction; handlers check it when they commit, so a
  -- cached listener is never used once it has changed.
  version BIGINT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT INTO config_state (id, version) VALUES (1, 1);

CREATE TABLE projects (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  status VARCHAR(64) NOT NULL DEFAULT 'active',
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uq_projects_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE users (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  -- NULL once the user is deleted (personal data erased).
  email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_nopad_ci
    NULL,
  name VARCHAR(255) NOT NULL DEFAULT '',
  status VARCHAR(64) NOT NULL DEFAULT 'active',
  role ENUM('admin', 'manager', 'member') NOT NULL DEFAULT 'member',
  score BIGINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  deleted_at DATETIME(6) NULL,
  UNIQUE KEY uq_users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- A user taking part in a project, with the project-level status and score.
CREATE TABLE participations (
  project_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  status VARCHAR(64) NOT NULL DEFAULT 'active',
  score BIGINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (project_id, user_id),
  KEY ix_participations_user (user_id),
  CONSTRAINT fk_participations_project FOREIGN KEY (project_id)
    REFERENCES projects (id),
  CONSTRAINT fk_participations_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE feedback (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  project_id BIGINT UNSIGNED NOT NULL,
  author_id BIGINT UNSIGNED NOT NULL,
  kind VARCHAR(64) NOT NULL DEFAULT 'bug',
  status VARCHAR(64) NOT NULL DEFAULT 'new',
  title VARCHAR(1024) NOT NULL,
  popularity BIGINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ix_feedback_project (project_id),
  KEY ix_feedback_author (author_id),
  CONSTRAINT fk_feedback_project FOREIGN KEY (project_id)
    REFERENCES projects (id),
  CONSTRAINT fk_feedback_author FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE followers (
  feedback_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (feedback_id, user_id),
  KEY ix_followers_user (user_id),
  CONSTRAINT fk_followers_feedback FOREIGN KEY (feedback_id)
    REFERENCES feedback (id),
  CONSTRAINT fk_followers_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- A comment on a user (community level when project_id is NULL, else
-- project level) or on a feedback ticket (project_id is the ticket's).
CREATE TABLE comments (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NULL,
  feedback_id BIGINT UNSIGNED NULL,
  project_id BIGINT UNSIGNED NULL,
  author_id BIGINT UNSIGNED NOT NULL,
  body TEXT NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ix_comments_user (user_id, project_id),
  KEY ix_comments_feedback (feedback_id),
  KEY ix_comments_author (author_id),
  CONSTRAINT fk_comments_user FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT fk_comments_feedback FOREIGN KEY (feedback_id)
    REFERENCES feedback (id),
  CONSTRAINT fk_comments_project FOREIGN KEY (project_id)
    REFERENCES projects (id),
  CONSTRAINT fk_comments_author FOREIGN KEY (author_id) REFERENCES users (id),
  CONSTRAINT ck_comments_one_target
    CHECK ((user_id IS NULL) <> (feedback_id IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
