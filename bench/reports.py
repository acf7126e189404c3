"""Reports at scale (issue 14): one field's report of each type, and a
filtered list page, over 100,000 users with 20 external data fields.

Loads the users, their values (5 fields of each type, about 90% of users
holding each) and one data delivery per user in the delivery log (so the
"changed over time" series has a log to read) straight into the stack's
database with INSERT ... SELECT from MariaDB's sequence engine, then times
earshotctl commands end to end (process start, connection, queries,
printing JSON), each run several times: median and p95 (nearest rank).
`make bench QUICK=1` loads 10,000 users instead.
"""

import json
import os
import subprocess
import time

USERS = 100000
QUICK_USERS = 10000
RUNS = 9
QUICK_RUNS = 3
GROUP = "BenchReports"
TYPES = ["integer", "boolean", "datetime", "string"]
PER_TYPE = 5


def _label(kind, i):
    return "%s%d" % (kind.capitalize(), i)


def _values_sql(kind, field_id, first_id, users, i):
    # Every 10th user (shifted per field) holds no value.
    src = "FROM seq_1_to_%d s WHERE s.seq MOD 10 <> %d" % (users, i)
    target = "%d + s.seq - 1" % first_id
    if kind == "integer":
        value = "(s.seq * 7919 + %d) MOD 1000" % (i * 131)
        return ("INSERT INTO data_values (field_id, target_id, value_int, "
                "value_text) SELECT %d, %s, %s, %s %s"
                % (field_id, target, value, value, src))
    if kind == "boolean":
        value = "(s.seq MOD %d = 0)" % (i + 2)
        return ("INSERT INTO data_values (field_id, target_id, value_int, "
                "value_text) SELECT %d, %s, %s, IF(%s, 'true', 'false') %s"
                % (field_id, target, value, value, src))
    if kind == "datetime":
        value = ("TIMESTAMP('2026-01-01') + INTERVAL ((s.seq * 7919 + %d) "
                 "MOD 31536000) SECOND" % (i * 86400))
        return ("INSERT INTO data_values (field_id, target_id, value_time, "
                "value_text) SELECT %d, %s, %s, DATE_FORMAT(%s, "
                "'%%Y-%%m-%%dT%%H:%%i:%%sZ') %s"
                % (field_id, target, value, value, src))
    value = "CONCAT('plan-', (s.seq * 31 + %d) MOD 200)" % i
    return ("INSERT INTO data_values (field_id, target_id, value_text) "
            "SELECT %d, %s, %s %s" % (field_id, target, value, src))


def _load(stack, community, users, log):
    ctl = community.ctl
    ctl("group", "create", GROUP, "--target", "users")
    for kind in TYPES:
        for i in range(1, PER_TYPE + 1):
            ctl("field", "add", GROUP, _label(kind, i), "--param",
                "/" + _label(kind, i).lower(), "--type", kind)
    ctl("listener", "create", "bench-reports", "--type", "data", "--target",
        "users", "--group", GROUP, "--identify", "email=/email",
        "--api-key", "bench-jira")
    stack.sql(
        "USE earshot; INSERT INTO users (email, name) SELECT CONCAT('r', "
        "seq, '@reports.bench'), CONCAT('Reporter ', seq) FROM "
        "seq_1_to_%d" % users)
    first_id = int(stack.sql(
        "SELECT MIN(id) FROM earshot.users WHERE email LIKE "
        "'r%@reports.bench'")[0][0])
    fields = dict((row[0], int(row[1])) for row in stack.sql(
        "SELECT f.label, f.id FROM earshot.data_fields f JOIN "
        "earshot.data_groups g ON g.id = f.group_id WHERE g.name = '%s'"
        % GROUP))
    for kind in TYPES:
        for i in range(1, PER_TYPE + 1):
            stack.sql("USE earshot; " + _values_sql(
                kind, fields[_label(kind, i)], first_id, users, i))
        log("reports: %s values loaded" % kind)
    listener_id = int(stack.sql(
        "SELECT id FROM earshot.listeners WHERE listener_key = "
        "'bench-reports'")[0][0])
    body = ("CONCAT('{\"email\":\"r', seq, '@reports.bench\"', %s, '}')"
            % ", ".join("',\"%s\":1'" % _label(k, i).lower()
                        for k in TYPES for i in range(1, PER_TYPE + 1)))
    stack.sql(
        "USE earshot; INSERT INTO events (listener_id, received_at, "
        "http_status, outcomes, body, body_size) SELECT %d, UTC_TIMESTAMP(6) "
        "- INTERVAL (seq MOD 30) DAY, 200, CONCAT('[{\"id\":', %d + seq - 1, "
        "',\"identifier\":\"r', seq, '@reports.bench\",\"outcome\":"
        "\"applied\"}]'), b, LENGTH(b) FROM (SELECT seq, %s AS b FROM "
        "seq_1_to_%d) t" % (listener_id, first_id, body, users))
    stack.sql("ANALYZE TABLE earshot.data_values, earshot.users, "
              "earshot.events")


def _time(stack, args, runs):
    samples = []
    argv = [os.path.join(stack.bin, "earshotctl"), "--config", stack.config,
            "--json"] + args
    for _ in range(runs):
        started = time.time()
        r = subprocess.run(argv, capture_output=True, text=True)
        samples.append((time.time() - started) * 1000)
        if r.returncode != 0:
            raise RuntimeError("reports: %s: %s" % (" ".join(args),
                                                    r.stderr.strip()))
    samples.sort()
    rank = lambda p: samples[max(1, -(-len(samples) * p // 100)) - 1]
    return {"median_ms": round(rank(50), 1), "p95_ms": round(rank(95), 1),
            "runs": runs}, json.loads(r.stdout)


def measure(stack, community, log, quick=False):
    """Returns {"users": N, "fields": 20, "cases": {name: {...}}}."""
    users = QUICK_USERS if quick else USERS
    runs = QUICK_RUNS if quick else RUNS
    started = time.time()
    _load(stack, community, users, log)
    load_s = time.time() - started
    log("reports: %d users x %d fields loaded in %.1f s"
        % (users, len(TYPES) * PER_TYPE, load_s))
    g = GROUP + "."
    cases = {}
    for kind in TYPES:
        cases["report_" + kind], out = _time(
            stack, ["data", "report", g + _label(kind, 1)], runs)
        if out.get("set", 0) < users * 8 // 10:
            raise RuntimeError("reports: %s report saw %s values"
                               % (kind, out.get("set")))
    flt = "data.%sInteger2 >= 500 and data.%sBoolean1 = true" % (g, g)
    cases["report_integer_filtered"], _ = _time(
        stack, ["data", "report", g + "Integer1", "--filter", flt], runs)
    cases["list_page_filtered"], out = _time(
        stack, ["user", "list", "--filter", flt, "--fields",
                g + "Integer1," + g + "String1," + g + "Datetime1," +
                g + "Boolean2", "--sort", g + "Integer1", "--desc",
                "--limit", "50"], runs)
    if len(out.get("rows", [])) != 50:
        raise RuntimeError("reports: the list page has %d rows"
                           % len(out.get("rows", [])))
    cases["list_page_deep"], _ = _time(
        stack, ["user", "list", "--sort", g + "String1", "--limit", "50",
                "--offset", str(users - 100)], runs)
    return {"users": users, "fields": len(TYPES) * PER_TYPE,
            "load_s": round(load_s, 1), "cases": cases}
