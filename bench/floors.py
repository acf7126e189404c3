"""Like-for-like floors for the comment and macro listeners (issue 15).

bench/floor_comment.cc and bench/floor_macro.cc do exactly the SQL writes of
the bench's realistic comment and macro deliveries, with none of earshot's
code, on their own tables in the floor database (beside floor_tx's), seeded
here like the community tools/run-bench builds: TARGETS tickets BENCH-1..N,
each by its own author and followed by one follower, and a manager who
comments. Like the listeners, they find a ticket by its Jira key through
floor_data_values and log into floor_events (bench/floor_data.py: the data
floor's tables, which the community's data listener shares with them too);
the comment floor files its event under the author's erasure key in
floor_event_subjects, which has event_subjects' shape and indexes.
floor_comments has the platform's foreign keys from a feedback comment to
its ticket and author (the platform's table, not earshot's choice). tools/run-bench calls setup_sql() when it creates the floor
database, cases() for the two cases, and ratios() / ratio_line() for
"comment ÷ floor_comment" and "macro ÷ floor_macro" (median of per-round
ratios, like the ratios to floor_tx).
"""

import statistics

PAIRS = {"comment": "floor_comment", "macro": "floor_macro"}


def setup_sql(payloads, targets):
    """The floors' tables and rows, as SQL for the floor database."""
    users = [(1, payloads.MANAGER, "Mia Manager", "manager"),
             (2, payloads.FOLLOWER, "Finn Follower", "member")]
    users += [(2 + i, payloads.author(i), "Author %d" % i, "member")
              for i in range(1, targets + 1)]
    return (
        "CREATE TABLE floor_users (id BIGINT UNSIGNED PRIMARY KEY, "
        "email VARCHAR(254) NOT NULL, email_key VARBINARY(254) NOT NULL, "
        "name VARCHAR(200) NOT NULL, status VARCHAR(16) NOT NULL, "
        "role VARCHAR(16) NOT NULL, score BIGINT NOT NULL DEFAULT 0, "
        "UNIQUE KEY ux_floor_users_email (email_key)) ENGINE=InnoDB; "
        "CREATE TABLE floor_tickets (id BIGINT UNSIGNED PRIMARY KEY, "
        "author_id BIGINT UNSIGNED NOT NULL, title VARCHAR(255) NOT NULL, "
        "status VARCHAR(64) NOT NULL, popularity BIGINT NOT NULL DEFAULT 0, "
        "issue_key VARCHAR(255) NOT NULL, "
        "UNIQUE KEY ux_floor_tickets_issue (issue_key), "
        "KEY ix_floor_tickets_author (author_id)) ENGINE=InnoDB; "
        "CREATE TABLE floor_followers (ticket_id BIGINT UNSIGNED NOT NULL, "
        "user_id BIGINT UNSIGNED NOT NULL, PRIMARY KEY (ticket_id, user_id)) "
        "ENGINE=InnoDB; "
        "CREATE TABLE floor_comments (id BIGINT UNSIGNED AUTO_INCREMENT "
        "PRIMARY KEY, ticket_id BIGINT UNSIGNED NOT NULL, author_id BIGINT "
        "UNSIGNED NOT NULL, body TEXT NOT NULL, created_at DATETIME(6) NOT "
        "NULL, KEY ix_floor_comments_ticket (ticket_id), "
        "KEY ix_floor_comments_author (author_id), "
        "CONSTRAINT fk_floor_comments_ticket FOREIGN KEY (ticket_id) "
        "REFERENCES floor_tickets (id), "
        "CONSTRAINT fk_floor_comments_author FOREIGN KEY (author_id) "
        "REFERENCES floor_users (id)) ENGINE=InnoDB; "
        "CREATE TABLE floor_outbox (id BIGINT UNSIGNED AUTO_INCREMENT "
        "PRIMARY KEY, kind VARCHAR(16) NOT NULL DEFAULT 'email', "
        "recipient VARCHAR(2048) NOT NULL, subject VARCHAR(1024) NOT NULL, "
        "body MEDIUMTEXT NOT NULL, message_id VARCHAR(255) NOT NULL, "
        "state VARCHAR(16) NOT NULL DEFAULT 'pending', "
        "next_attempt_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), "
        "event_id BIGINT UNSIGNED NULL, created_at DATETIME(6) NOT NULL, "
        "KEY ix_floor_outbox_due (state, next_attempt_at)) ENGINE=InnoDB; "
        "CREATE TABLE floor_event_subjects (subject BINARY(16) NOT NULL, "
        "event_id BIGINT UNSIGNED NOT NULL, PRIMARY KEY (subject, event_id), "
        "KEY ix_floor_event_subjects_event (event_id)) ENGINE=InnoDB; "
        "INSERT INTO floor_users (id, email, email_key, name, status, role) "
        "VALUES %s; "
        "INSERT INTO floor_tickets (id, author_id, title, status, issue_key) "
        "VALUES %s; "
        "INSERT INTO floor_followers VALUES %s; " % (
            ", ".join("(%d, '%s', '%s', '%s', 'active', '%s')" % (
                uid, email, email, name, role)
                for uid, email, name, role in users),
            ", ".join("(%d, %d, '%s', 'open', '%s')" % (
                i, 2 + i, payloads.summary(i), payloads.issue_key(i))
                for i in range(1, targets + 1)),
            ", ".join("(%d, 2)" % i for i in range(1, targets + 1))))


def cases(make_case, stack, bench_bin, run_dir, payloads):
    """The two cases; make_case is run-bench's Case."""
    found = []
    for name, make_body in (("floor_comment", payloads.comment_created),
                            ("floor_macro", payloads.issue_resolved)):
        argv = ["%s/%s.fcgi" % (bench_bin, name)] + stack.floor_args()
        found.append(make_case(
            name, "/bench/%s" % name, 200, make_body,
            pool="%s/bench-%s.pid" % (run_dir, name.replace("_", "-")),
            cgi=argv, listener=True))
    return found


def start(stack, bench_bin):
    """Starts the two floors' pools (before nginx learns of them)."""
    stack.start_pool("bench-floor-comment", [
        bench_bin + "/floor_comment.fcgi"] + stack.floor_args())
    stack.start_pool("bench-floor-macro", [
        bench_bin + "/floor_macro.fcgi"] + stack.floor_args())


def ratios(cases, summary):
    """Adds rps/p99 ratios of comment and macro to their own floors."""
    by_name = {c.name: c for c in cases}
    for name, floor in PAIRS.items():
        if name not in by_name or floor not in by_name:
            continue
        pairs = list(zip(by_name[name].rounds, by_name[floor].rounds))
        summary[name]["rps_ratio_to_" + floor] = statistics.median(
            a["rps"] / b["rps"] for a, b in pairs)
        summary[name]["p99_ratio_to_" + floor] = statistics.median(
            a["p99_ms"] / b["p99_ms"] for a, b in pairs)


def ratio_line(summary):
    """The line under the table, or None without the pairs."""
    parts = []
    for name, floor in PAIRS.items():
        s = summary.get(name, {})
        if "rps_ratio_to_" + floor in s:
            parts.append("%s ÷ %s: req/s %.2f, p99 %.2f (SQL round trips "
                         "%s vs %s)" % (
                             name, floor, s["rps_ratio_to_" + floor],
                             s["p99_ratio_to_" + floor],
                             s["round_trips_per_request"],
                             summary[floor]["round_trips_per_request"]))
    if not parts:
        return None
    return ("Like-for-like floors (median of per-round ratios; target ≥ 0.8, "
            "≤ 5 round trips): " + "; ".join(parts) + ".")
