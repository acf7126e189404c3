"""Erasure at scale: delete_user against a delivery log of 1 M events.

Full `make bench` only (never --quick). Loads 1 M events straight into
the stack's database (about 400-byte bodies, each naming one of 100,000
synthetic users and filed under that user in the erasure index, the way
the handlers file them), then sends real deliveries naming one user,
then times, through nginx, a macro delivery running delete_user on that
user. For comparison it also times the scan the old erasure made (every
stored body searched for the address), as one SELECT over the same log.
"""

import json
import time

EVENTS = 1000000
SYNTHETIC_USERS = 100000
OWN_DELIVERIES = 20
BATCH = 100000


def _load_events(stack, listener_id, log):
    for start in range(0, EVENTS, BATCH):
        # One INSERT ... SELECT per batch from MariaDB's sequence engine.
        stack.sql(
            "USE earshot; "
            "INSERT INTO events (listener_id, received_at, http_status, "
            "outcomes, headers, body, body_size) SELECT %(l)d, NOW(6) - "
            "INTERVAL (%(n)d - seq) SECOND, 200, "
            "'[{\"id\":0,\"outcome\":\"not_found\"}]', "
            "'{\"user-agent\":\"bench\"}', b, LENGTH(b) FROM (SELECT seq, "
            "CONCAT('{\"email\":\"user', seq MOD %(u)d, "
            "'@bench.example\",\"issue\":{\"key\":\"PRJ-', seq, "
            "'\",\"summary\":\"', REPEAT('lorem ipsum ', 28), '\"}}') AS b "
            "FROM seq_%(a)d_to_%(z)d) t; "
            "INSERT INTO event_subjects (subject, event_id) SELECT "
            "UNHEX(LEFT(SHA2(CONCAT('email:', SUBSTRING_INDEX("
            "SUBSTRING_INDEX(e.body, '\"email\":\"', -1), '\"', 1)), 256), "
            "32)), e.id FROM events e "
            "WHERE e.id > (SELECT COALESCE(MAX(event_id), 0) FROM "
            "event_subjects);"
            % {"l": listener_id, "n": EVENTS, "u": SYNTHETIC_USERS,
               "a": start + 1, "z": min(start + BATCH, EVENTS)})
        log("erasure: %d of %d events loaded" % (min(start + BATCH, EVENTS),
                                                  EVENTS))


def measure(stack, community, http, log):
    """Returns {"events": N, "delete_user_ms": ..., "old_scan_ms": ...}."""
    ctl = community.ctl
    ctl("group", "create", "BenchErase", "--target", "users")
    ctl("listener", "create", "bench-erase-data", "--type", "data",
        "--target", "users", "--group", "BenchErase", "--identify",
        "email=/email", "--api-key", "bench-jira")
    path = stack.var + "/erase-macro.json"
    with open(path, "w") as f:
        json.dump({"actions": [{"type": "delete_user"}]}, f)
    ctl("macro", "create", "bench-erase", "--target", "users", "--file", path)
    ctl("listener", "create", "bench-erase", "--type", "macro", "--target",
        "users", "--macro", "bench-erase", "--identify", "email=/email",
        "--api-key", "bench-jira")
    listener_id = int(stack.sql(
        "SELECT id FROM earshot.listeners WHERE listener_key = "
        "'bench-erase-data'")[0][0])
    started = time.time()
    _load_events(stack, listener_id, log)
    load_s = time.time() - started
    email = "leaver@bench.example"
    ctl("user", "create", email, "--name", "Lea Leaver")
    for i in range(OWN_DELIVERIES):
        status, text = http(stack.base + "/listeners/data/bench-erase-data",
                            json.dumps({"email": email, "n": i}),
                            community.headers())
        if status != 200:
            raise RuntimeError("erasure: delivery %d: %d %s" % (i, status,
                                                               text))
    total = int(stack.sql("SELECT COUNT(*) FROM earshot.events")[0][0])
    started = time.time()
    status, text = http(stack.base + "/listeners/macro/bench-erase",
                        json.dumps({"email": email}), community.headers())
    erase_ms = (time.time() - started) * 1000
    if status != 200:
        raise RuntimeError("erasure: delete_user: %d %s" % (status, text))
    left = int(stack.sql(
        "SELECT COUNT(*) FROM earshot.events WHERE body LIKE "
        "'%leaver@bench.example%'")[0][0])
    started = time.time()
    stack.sql(
        "SELECT COUNT(*) FROM earshot.events WHERE LOCATE(LOWER(CONVERT("
        "CAST('user7@bench.example' AS BINARY) USING latin1)), "
        "LOWER(CONVERT(body USING latin1))) > 0 OR LOCATE('user7@bench."
        "example', LOWER(headers)) > 0 OR LOCATE('user7@bench.example', "
        "LOWER(outcomes)) > 0")
    scan_ms = (time.time() - started) * 1000
    body_mb = float(stack.sql(
        "SELECT ROUND(SUM(LENGTH(body)) / 1048576) FROM earshot.events")[0][0])
    return {"events": total, "stored_body_mb": body_mb,
            "own_deliveries": OWN_DELIVERIES,
            "load_s": round(load_s, 1),
            "delete_user_ms": round(erase_ms, 1),
            "old_scan_ms": round(scan_ms, 1),
            "bodies_left_naming_user": left}
