"""The data floor's tables (bench/floor_data.cc), beside floor_tx's in the
floor database, and the `data` ÷ `floor_data` line under the table.

floor_data_values has data_values' shape and indexes (the primary key
and the value-text index identify a target; the target, integer and
datetime indexes are what reports and a target's page read, so every
deployment pays for them too). floor_events has events' columns but only
the indexes a minimal correct log needs: the primary key (the log in
order; retention deletes the oldest ids first) and the unique dedup key
(a delivery id applies once). Every other index of events serves a view
(events list by listener or status, the purge by date) and is what
earshot adds.
"""

import statistics

FIELDS = 15  # bench/payloads.py's JIRA_FIELDS; field 1 is the issue key


def setup_sql(targets):
    keys = ", ".join("(1, %d, NULL, NULL, 'BENCH-%d', NOW(6))" % (i, i)
                     for i in range(1, targets + 1))
    ids = ", ".join("(%d, 'new')" % i for i in range(1, targets + 1))
    return (
        "CREATE TABLE floor_data_targets (id BIGINT UNSIGNED PRIMARY KEY, "
        "status VARCHAR(64) NOT NULL) ENGINE=InnoDB; "
        "CREATE TABLE floor_data_values (field_id BIGINT UNSIGNED NOT NULL, "
        "target_id BIGINT UNSIGNED NOT NULL, value_int BIGINT NULL, "
        "value_time DATETIME(6) NULL, value_text TEXT NOT NULL, "
        "updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), "
        "PRIMARY KEY (field_id, target_id), "
        "KEY ix_text (field_id, value_text(255)), KEY ix_target (target_id), "
        "KEY ix_int (field_id, value_int), KEY ix_time (field_id, value_time)"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin; "
        "CREATE TABLE floor_events (id BIGINT UNSIGNED NOT NULL "
        "AUTO_INCREMENT PRIMARY KEY, listener_id BIGINT UNSIGNED NOT NULL, "
        "received_at DATETIME(6) NOT NULL, http_status SMALLINT UNSIGNED "
        "NOT NULL, error_code VARCHAR(32) NULL, error_message VARCHAR(1024) "
        "NULL, delivery_id VARCHAR(255) NULL, dedup_key BINARY(32) NULL, "
        "duplicate_of BIGINT UNSIGNED NULL, replay_of BIGINT UNSIGNED NULL, "
        "forced_by VARCHAR(255) NULL, client_addr VARCHAR(64) NOT NULL "
        "DEFAULT '', key_passed BOOLEAN NOT NULL DEFAULT FALSE, "
        "signature_passed BOOLEAN NOT NULL DEFAULT FALSE, duration_us INT "
        "UNSIGNED NOT NULL DEFAULT 0, outcomes TEXT NULL, headers TEXT NULL, "
        "body MEDIUMBLOB NULL, body_size INT UNSIGNED NOT NULL DEFAULT 0, "
        "UNIQUE KEY uq_dedup (listener_id, dedup_key)"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin; "
        "INSERT INTO floor_data_targets VALUES %s; "
        "INSERT INTO floor_data_values (field_id, target_id, value_int, "
        "value_time, value_text, updated_at) VALUES %s; " % (ids, keys))


def ratios(summary, rounds):
    """Adds data ÷ floor_data (median of per-round ratios) to the summary;
    returns the line printed under the table, or None."""
    data, floor = rounds.get("data"), rounds.get("floor_data")
    if not data or not floor:
        return None
    pairs = list(zip(data, floor))
    rps = statistics.median(a["rps"] / b["rps"] for a, b in pairs)
    p99 = statistics.median(a["p99_ms"] / b["p99_ms"] for a, b in pairs)
    summary["data"]["rps_ratio_to_floor_data"] = rps
    summary["data"]["p99_ratio_to_floor_data"] = p99
    return ("data ÷ floor_data (the same SQL writes, bare): req/s %.2f "
            "(goal ≥ 0.85), p99 %.2f; median of per-round ratios." % (rps, p99))
