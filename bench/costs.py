"""Cost as work grows (issue 15, part 4): small tables, each case with its
ratio to the smallest one.

Full `make bench` only, right after the rounds (`tools/run-bench
--costs-only` runs it alone; with --quick, smaller tables and shorter
runs). On the bench's own stack, with its own data group `Costs` (3
fields: a string, an integer, a datetime) on the feedback tickets:

- identifiers per delivery 1 / 10 / 100: a data listener identifying
  tickets by an array of ids; deliveries/s and targets/s;
- body 1 KB / 64 KB / 1 MiB (the limit of both nginx and the handler),
  the same values padded out, 4 connections (one per handler process);
  deliveries/s and MB/s;
- events table as the rounds left it / plus 1 M rows (loaded straight into
  the database like bench/erasure.py, then deleted again): deliveries/s
  and `earshotctl events list` latency, four forms;
- 100 / 10,000 listeners (loaded straight into the database): the first
  delivery after the pool restarts, and deliveries/s spread over all of
  them (the per-process listener cache holds 4,096);
- users 1 k / 100 k (loaded straight): a data listener on users (identify
  by email, a filter), deliveries/s, and the rows read per
  delivery (MariaDB's Rows_read over 20 deliveries on the otherwise idle
  stack: what the targets query and the rest examine).

Runs are short (3 s; 2 quick) and, where both cases exist at once,
interleaved over 2 rounds (medians). What it adds is deleted afterwards,
so later steps (reports, erasure) see the stack as before.
"""

import datetime
import json
import os
import random
import statistics
import subprocess
import time

GROUP = "Costs"
FIELDS = [("Status", "/s", "string"), ("Votes", "/v", "integer"),
          ("Updated", "/u", "datetime")]
FULL = {"seconds": 3, "rounds": 2, "events": 1000000, "listeners": 10000,
        "users": 100000, "list_runs": 5}
QUICK = {"seconds": 2, "rounds": 1, "events": 20000, "listeners": 1000,
         "users": 10000, "list_runs": 3}
MIB = 1 << 20
BODY_CONNECTIONS = 4


def _values(n, rng):
    return {"s": rng.choice(["open", "done", "waiting"]),
            "v": rng.randint(0, 1000),
            "u": "2026-11-%02dT10:%02d:00Z" % (rng.randint(1, 28), n % 60)}


def _padded(doc, size):
    """`doc` as JSON of exactly `size` bytes (a "pad" string added)."""
    doc = dict(doc, pad="")
    base = len(json.dumps(doc, separators=(",", ":")))
    doc["pad"] = "x" * max(0, size - base)
    return json.dumps(doc, separators=(",", ":"))


class Costs:
    def __init__(self, stack, community, rb, log, quick):
        self.stack, self.community, self.rb, self.log = (stack, community,
                                                         rb, log)
        self.cfg = QUICK if quick else FULL
        self.rng = random.Random(15)
        self.tickets = community.tickets
        self.files = []

    # --- helpers ----------------------------------------------------------

    def lines(self, name, rows):
        """Writes wrk's "TARGET<TAB>BODY" lines; returns the path."""
        path = os.path.join(self.stack.var, "costs-%s.lines" % name)
        with open(path, "w") as f:
            for target, body in rows:
                f.write("%s\t%s\n" % (target, body))
        self.files.append(path)
        return path

    def wrk(self, name, path, lines, connections=None):
        case = self.rb.Case(name, path, 200, None, listener=True)
        case.lines = lines
        figures, _ = self.rb.wrk(self.stack, self.community, case,
                                 self.cfg["seconds"],
                                 connections=connections or
                                 self.rb.CONNECTIONS)
        return figures

    def compare(self, cases, connections=None):
        """cases: [(name, path, lines)]; interleaved rounds, medians."""
        got = {name: [] for name, _, _ in cases}
        for r in range(self.cfg["rounds"]):
            order = cases[r % len(cases):] + cases[:r % len(cases)]
            for name, path, lines in order:
                got[name].append(self.wrk(name, path, lines, connections))
        return {name: {"rps": statistics.median(f["rps"] for f in runs),
                       "p99_ms": statistics.median(f["p99_ms"] for f in runs)}
                for name, runs in got.items()}

    def ctl(self, *args):
        return self.community.ctl(*args)

    def sql(self, statement):
        return self.stack.sql("USE earshot; " + statement)

    def post(self, path, body):
        headers = dict(self.community.headers())
        headers[self.rb.ID_HEADER] = "costs-%d-%f" % (self.rng.random() * 1e9,
                                                       time.time())
        started = time.time()
        status, text = self.rb.http(self.stack.base + path, body, headers)
        ms = (time.time() - started) * 1000
        if status != 200:
            raise RuntimeError("costs: %s: %d %s" % (path, status, text[:300]))
        return ms, json.loads(text)

    # --- the cases --------------------------------------------------------

    def setup(self):
        self.ctl("group", "create", GROUP, "--target", "feedback")
        for label, pointer, kind in FIELDS:
            self.ctl("field", "add", GROUP, label, "--param", pointer,
                     "--type", kind)
        self.ctl("listener", "create", "costs-ids", "--type", "data",
                 "--target", "feedback", "--group", GROUP, "--identify",
                 "id=/ids", "--scope", "project:%d" % self.community.project,
                 "--api-key", "bench-jira")

    def identifiers(self):
        cases = []
        for n in (1, 10, 100):
            rows = []
            for i in range(100 if n < 100 else 20):
                ids = sorted(self.rng.sample(self.tickets, n))
                rows.append((0, json.dumps(dict(_values(i, self.rng), ids=ids),
                                           separators=(",", ":"))))
            cases.append(("%d" % n, "/listeners/data/costs-ids",
                          self.lines("ids-%d" % n, rows)))
        ms, answer = self.post("/listeners/data/costs-ids",
                               rows[0][1])  # 100 targets, all applied
        if len(answer["targets"]) != 100 or any(
                t["outcome"] != "applied" for t in answer["targets"]):
            raise RuntimeError("costs: 100 identifiers were not all applied")
        got = self.compare(cases)
        return [{"case": "%s id%s" % (n, "" if n == "1" else "s"),
                 "deliveries_per_s": got[n]["rps"],
                 "targets_per_s": got[n]["rps"] * int(n),
                 "p99_ms": got[n]["p99_ms"]} for n, _, _ in cases]

    def bodies(self):
        sizes = [("1 KB", 1000), ("64 KB", 64000), ("1 MiB", MIB)]
        cases = []
        for name, size in sizes:
            rows = [(0, _padded(dict(_values(i, self.rng),
                                     ids=[self.rng.choice(self.tickets)]),
                                size)) for i in range(20)]
            cases.append((name, "/listeners/data/costs-ids",
                          self.lines("body-%d" % size, rows)))
        # The largest body both limits allow is accepted whole.
        self.post("/listeners/data/costs-ids", rows[0][1])
        # 4 connections, one per handler process: 16 queued 1 MiB bodies
        # pass wrk's 2 s timeout on a busy machine.
        got = self.compare(cases, connections=BODY_CONNECTIONS)
        return [{"case": name, "bytes": size,
                 "deliveries_per_s": got[name]["rps"],
                 "mb_per_s": got[name]["rps"] * size / 1e6,
                 "p99_ms": got[name]["p99_ms"]} for name, size in sizes]

    def events_list(self):
        # An hour in the middle of the loaded rows (2026-01-01 onwards).
        mid = datetime.datetime(2026, 1, 1) + datetime.timedelta(
            seconds=self.cfg["events"] // 2)
        hour = ["--since", mid.strftime("%Y-%m-%dT%H:00:00Z"), "--until",
                (mid + datetime.timedelta(hours=1)).strftime(
                    "%Y-%m-%dT%H:00:00Z")]
        forms = {
            "latest page": [],
            "by listener": ["--listener", "bench-data"],
            "by status (rare)": ["--status", "422"],
            "by time range (1 h)": hour,
            "by listener and time range": ["--listener", "bench-data"] + hour,
        }
        argv = [os.path.join(self.stack.bin, "earshotctl"), "--config",
                self.stack.config, "--json", "events", "list"]
        out = {}
        for name, args in forms.items():
            samples = []
            for _ in range(self.cfg["list_runs"]):
                started = time.time()
                r = subprocess.run(argv + args, capture_output=True, text=True)
                samples.append((time.time() - started) * 1000)
                if r.returncode != 0:
                    raise RuntimeError("costs: events list %s: %s" % (
                        " ".join(args), r.stderr.strip()))
            out[name] = statistics.median(samples)
        return out

    def events(self):
        path = "/listeners/data/costs-ids"
        rows = [(0, _padded(dict(_values(i, self.rng),
                                 ids=[self.rng.choice(self.tickets)]), 1000))
                for i in range(100)]
        lines = self.lines("events", rows)
        first_id = int(self.sql(
            "SELECT COALESCE(MAX(id), 0) FROM events")[0][0])
        before_rows = int(self.sql("SELECT COUNT(*) FROM events")[0][0])
        before = self.wrk("events-before", path, lines)
        before_list = self.events_list()
        n = self.cfg["events"]
        # A third of the rows under bench-data, the rest under costs-ids.
        ids = dict(self.sql("SELECT listener_key, id FROM listeners WHERE "
                            "listener_key IN ('costs-ids', 'bench-data')"))
        started = time.time()
        batch = 100000
        for start in range(0, n, batch):
            # 2026-01-01 onwards, one a second; every 100th a 422.
            self.sql(
                "INSERT INTO events (listener_id, received_at, http_status, "
                "outcomes, headers, body, body_size) SELECT IF(seq MOD 3 = 0, "
                "%(b)s, %(l)s), "
                "TIMESTAMP('2026-01-01') + INTERVAL seq SECOND, "
                "IF(seq MOD 100 = 0, 422, 200), "
                "'[{\"id\":0,\"outcome\":\"applied\"}]', "
                "'{\"user-agent\":\"bench\"}', b, LENGTH(b) FROM (SELECT seq, "
                "CONCAT('{\"ids\":[', seq MOD 100 + 1, '],\"s\":\"open\","
                "\"pad\":\"', REPEAT('lorem ipsum ', 30), '\"}') AS b FROM "
                "seq_%(a)d_to_%(z)d) t"
                % {"l": ids["costs-ids"], "b": ids["bench-data"],
                   "a": start + 1, "z": min(start + batch, n)})
        # Statistics as a table grown over months would have them.
        self.sql("ANALYZE TABLE events")
        load_s = time.time() - started
        self.log("costs: %d events loaded in %.0f s" % (n, load_s))
        after = self.wrk("events-after", path, lines)
        after_list = self.events_list()
        started = time.time()
        # By id ranges: the loaded rows, and the deliveries made since.
        last_id = int(self.sql("SELECT MAX(id) FROM events")[0][0])
        for start in range(first_id, last_id, batch):
            self.sql("DELETE FROM events WHERE id > %d AND id <= %d AND "
                     "listener_id IN (%s, %s)" % (
                         start, start + batch, ids["costs-ids"],
                         ids["bench-data"]))
        self.log("costs: the loaded events deleted in %.0f s"
                 % (time.time() - started))
        table = [{"case": "%d rows" % before_rows, "rows": before_rows,
                  "deliveries_per_s": before["rps"],
                  "p99_ms": before["p99_ms"], "list_ms": before_list},
                 {"case": "%d rows" % (before_rows + n),
                  "rows": before_rows + n, "deliveries_per_s": after["rps"],
                  "p99_ms": after["p99_ms"], "list_ms": after_list}]
        return table, round(load_s, 1)

    def restart_first_ms(self, path, body):
        """Restarts the data pool; the first delivery's time to path."""
        pids = self.stack.pool_pids(self.stack.var + "/run/data.pid")
        for pid in pids:
            os.kill(pid, 9)  # multiwatch starts a new one
        for _ in range(100):
            now = self.stack.pool_pids(self.stack.var + "/run/data.pid")
            if len(now) == len(pids) and not set(now) & set(pids):
                break
            time.sleep(0.05)
        time.sleep(0.2)
        return self.post(path, body)[0]

    def listeners(self):
        n = self.cfg["listeners"]
        cols = [c[0] for c in self.sql(
            "SELECT column_name FROM information_schema.columns WHERE "
            "table_schema = 'earshot' AND table_name = 'listeners' AND "
            "column_name NOT IN ('id', 'listener_key', 'name') ORDER BY "
            "ordinal_position")]
        body = json.dumps(dict(_values(0, self.rng), ids=[self.tickets[0]]))
        first_100 = self.restart_first_ms("/listeners/data/costs-ids", body)
        self.sql(
            "INSERT INTO listeners (listener_key, name, %(c)s) SELECT "
            "CONCAT('costs-l-', seq), CONCAT('Costs ', seq), %(c)s FROM "
            "listeners, seq_1_to_%(n)d WHERE listener_key = 'costs-ids'"
            % {"c": ", ".join(cols), "n": n})
        total = int(self.sql("SELECT COUNT(*) FROM listeners")[0][0])
        first_many = self.restart_first_ms("/listeners/data/costs-l-%d" % n,
                                           body)
        rows = [(i, json.dumps(dict(_values(i, self.rng),
                                    ids=[self.rng.choice(self.tickets)])))
                for i in range(1, 401)]
        few = self.lines("listeners-few", [(1 + i % 100, b) for i, b in rows])
        many = self.lines("listeners-many", [
            (self.rng.randint(1, n), b) for _, b in rows])
        got = self.compare([("100", "/listeners/data/costs-l-{t}", few),
                            ("many", "/listeners/data/costs-l-{t}", many)])
        self.sql("DELETE FROM listeners WHERE listener_key LIKE 'costs-l-%'")
        return [{"case": "100 listeners", "listeners_in_table": total - n,
                 "first_delivery_ms": first_100,
                 "deliveries_per_s": got["100"]["rps"],
                 "p99_ms": got["100"]["p99_ms"]},
                {"case": "%d listeners" % n, "listeners_in_table": total,
                 "first_delivery_ms": first_many,
                 "deliveries_per_s": got["many"]["rps"],
                 "p99_ms": got["many"]["p99_ms"]}]

    def rows_read(self, path, count):
        """rows read per delivery to users listener `path` (the
        stack is otherwise idle here), over 20 deliveries."""
        def read():
            return int(self.sql("SHOW GLOBAL STATUS LIKE "
                                "'Rows_read'")[0][1])
        before = read()
        for i in range(20):
            self.post(path, json.dumps({"email": "c%d@costs.bench" %
                                        self.rng.randint(1, count), "v": i}))
        return (read() - before) / 20.0

    def users(self):
        n = self.cfg["users"]
        self.ctl("group", "create", "CostsUsers", "--target", "users")
        self.ctl("field", "add", "CostsUsers", "Votes", "--param", "/v",
                 "--type", "integer")
        self.ctl("listener", "create", "costs-users", "--type", "data",
                 "--target", "users", "--group", "CostsUsers", "--identify",
                 "email=/email", "--filter", 'status = "active"',
                 "--api-key", "bench-jira")
        self.sql("INSERT INTO users (email, name) SELECT CONCAT('c', seq, "
                 "'@costs.bench'), CONCAT('Costs ', seq) FROM seq_1_to_1000")
        path = "/listeners/data/costs-users"

        def lines(name, count):
            return self.lines(name, [
                (0, json.dumps({"email": "c%d@costs.bench" %
                                self.rng.randint(1, count),
                                "v": self.rng.randint(0, 99)}))
                for _ in range(400)])

        small = lines("users-small", 1000)
        total_small = int(self.sql("SELECT COUNT(*) FROM users")[0][0])
        rows_small = self.rows_read(path, 1000)
        got_small = self.wrk("users-small", path, small)
        self.sql("INSERT INTO users (email, name) SELECT CONCAT('c', seq, "
                 "'@costs.bench'), CONCAT('Costs ', seq) FROM seq_1001_to_%d"
                 % n)
        total = int(self.sql("SELECT COUNT(*) FROM users")[0][0])
        big = lines("users-big", n)
        rows_big = self.rows_read(path, n)
        got_big = self.wrk("users-big", path, big)
        got_again = self.wrk("users-small", path, small)
        self.sql("DELETE FROM users WHERE email LIKE 'c%@costs.bench'")
        return [{"case": "%d users" % total_small, "users": total_small,
                 "deliveries_per_s": got_small["rps"],
                 "p99_ms": got_small["p99_ms"],
                 "rows_read": rows_small},
                {"case": "%d users" % total, "users": total,
                 "deliveries_per_s": got_big["rps"],
                 "p99_ms": got_big["p99_ms"], "rows_read": rows_big,
                 "deliveries_per_s_small_again": got_again["rps"]}]


def measure(stack, community, rb, log, quick=False):
    """Returns {"tables": {name: [rows]}, ...}; rb is tools/run-bench."""
    c = Costs(stack, community, rb, log, quick)
    started = time.time()
    c.setup()
    tables, step_s = {}, {}
    for name, step in [("identifiers", c.identifiers), ("body", c.bodies),
                       ("listeners", c.listeners), ("users", c.users),
                       ("events", c.events)]:
        log("costs: %s" % name)
        at = time.time()
        tables[name] = step()
        step_s[name] = round(time.time() - at, 1)
    tables["events"], load_s = tables["events"]
    for path in c.files:
        os.remove(path)
    return {"tables": tables, "events_load_s": load_s,
            "settings": c.cfg, "step_s": step_s,
            "elapsed_s": round(time.time() - started, 1)}


def report(result):
    """Markdown tables: case, figure(s), ratio to the smallest case."""
    t = result["tables"]
    out = []

    def table(title, head, rows):
        out.append("%s\n\n| %s |\n|%s\n" % (title, " | ".join(head),
                                             "---|" * len(head)) +
                   "\n".join("| " + " | ".join(r) + " |" for r in rows))

    def x(v):
        return "-" if v is None else "%.2f" % v

    ids = t["identifiers"]
    table("Identifiers per delivery", ["case", "deliveries/s", "targets/s",
                                       "× 1 id (deliveries)", "× 1 id "
                                       "(targets)", "p99 ms"],
          [[r["case"], "%.0f" % r["deliveries_per_s"],
            "%.0f" % r["targets_per_s"],
            x(r["deliveries_per_s"] / ids[0]["deliveries_per_s"]),
            x(r["targets_per_s"] / ids[0]["targets_per_s"]),
            "%.1f" % r["p99_ms"]] for r in ids])
    body = t["body"]
    table("Body size (wrk -c%d)" % BODY_CONNECTIONS,
          ["case", "deliveries/s", "MB/s", "× 1 KB (deliveries)",
           "× 1 KB (MB/s)", "p99 ms"],
          [[r["case"], "%.0f" % r["deliveries_per_s"], "%.1f" % r["mb_per_s"],
            x(r["deliveries_per_s"] / body[0]["deliveries_per_s"]),
            x(r["mb_per_s"] / body[0]["mb_per_s"]), "%.1f" % r["p99_ms"]]
           for r in body])
    ev = t["events"]
    forms = list(ev[0]["list_ms"])
    table("Events table", ["case", "deliveries/s", "×"] +
          ["`events list` %s ms, ×" % f for f in forms],
          [[r["case"], "%.0f" % r["deliveries_per_s"],
            x(r["deliveries_per_s"] / ev[0]["deliveries_per_s"])] +
           ["%.0f, %s" % (r["list_ms"][f], x(r["list_ms"][f] /
                                             ev[0]["list_ms"][f]))
            for f in forms] for r in ev])
    ls = t["listeners"]
    table("Listeners", ["case", "first delivery after a restart ms", "×",
                        "deliveries/s spread over them", "×"],
          [[r["case"], "%.1f" % r["first_delivery_ms"],
            x(r["first_delivery_ms"] / ls[0]["first_delivery_ms"]),
            "%.0f" % r["deliveries_per_s"],
            x(r["deliveries_per_s"] / ls[0]["deliveries_per_s"])]
           for r in ls])
    us = t["users"]
    table("Users (data listener on users: identify by email + filter)",
          ["case", "deliveries/s", "×", "rows read per delivery"],
          [[r["case"], "%.0f" % r["deliveries_per_s"],
            x(r["deliveries_per_s"] / us[0]["deliveries_per_s"]),
            "%.1f" % r["rows_read"]]
           for r in us])
    steps = ", ".join("%s %.0f s" % kv for kv in result["step_s"].items())
    out.append("Costs step: %.0f s (%s; events loaded in %.0f s); runs of "
               "%d s, %d interleaved round(s) where both cases exist at once."
               % (result["elapsed_s"], steps, result["events_load_s"],
                  result["settings"]["seconds"], result["settings"]["rounds"]))
    return "\n\n".join(out)
