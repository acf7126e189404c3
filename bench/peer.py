"""The same-job case and its peer, Node-RED (issue 15, part 1).

The job, as a low-code tool does it: a small JSON body ({"id": N,
"value": V}) is POSTed, one integer lands in the database, the answer is
a 200. earshot does it with the `samejob` case, measured in every run: a
data listener with one integer field, identify by id, an API key, the
event log as always. With `--peers` (make bench PEERS=1) Node-RED joins
the interleaved rounds: a flow `http in` POST -> `function` (the SQL and
its parameters) -> `mysql` (node-red-node-mysql, one INSERT) -> `http
response` 200, on its own HTTP port (no nginx: each system through its
own front), against its own MariaDB started with the stack's settings.

Node-RED is bench-only, never a product dependency: pinned versions are
installed with npm under BUILD/bench-peers/nodered on the first --peers
run and reused afterwards. Nothing else in the product or its tests
loads it. Not thread-safe (one bench run drives it).
"""

import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import time

NODE_RED = "4.1.15"
MYSQL_NODE = "3.0.4"
PEER_DB = "nodered"
SAMEJOB_LISTENER = "bench-samejob"


# --- earshot's side: the samejob listener -----------------------------------

def samejob_setup(community):
    """A data group with one integer field and a listener identifying the
    feedback ticket by the id in the body (feedback listeners are always
    project-scoped)."""
    ctl = community.ctl
    ctl("group", "create", "Same", "--target", "feedback")
    ctl("field", "add", "Same", "Value", "--param", "/value", "--type",
        "integer")
    ctl("listener", "create", SAMEJOB_LISTENER, "--type", "data", "--target",
        "feedback", "--scope", "project:%d" % community.project, "--group",
        "Same", "--identify", "id=/id", "--api-key", "bench-jira")


def samejob_body(tickets):
    """make_body for write_lines: ticket i of the community, a value."""
    return lambda i, n, rng: {"id": tickets[i - 1],
                              "value": rng.randint(0, 1000000)}


def samejob_rows(stack):
    """Applied samejob deliveries in the event log."""
    return int(stack.sql(
        "SELECT COUNT(*) FROM earshot.events e JOIN earshot.listeners l ON "
        "l.id = e.listener_id WHERE l.listener_key = '%s' AND e.http_status = 200"
        % SAMEJOB_LISTENER)[0][0])


def samejob_value(stack, ticket):
    """The Same.Value stored for `ticket`, or None."""
    rows = stack.sql(
        "SELECT v.value_int FROM earshot.data_values v JOIN "
        "earshot.data_fields f ON f.id = v.field_id JOIN earshot.data_groups "
        "g ON g.id = f.group_id WHERE g.name = 'Same' AND f.label = 'Value' "
        "AND v.target_id = %d" % int(ticket))
    return int(rows[0][0]) if rows else None


# --- the peer: Node-RED --------------------------------------------------------

def _run(argv, **kwargs):
    r = subprocess.run(argv, capture_output=True, text=True, **kwargs)
    if r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s%s" % (
            " ".join(argv[:3]), r.returncode, r.stderr.strip()[-800:],
            r.stdout.strip()[-300:]))
    return r


def _installed_version(folder, package):
    try:
        with open(os.path.join(folder, "node_modules", package,
                               "package.json")) as f:
            return json.load(f).get("version")
    except (OSError, ValueError):
        return None


def install(build, log):
    """Installs the pinned Node-RED and node-red-node-mysql under
    BUILD/bench-peers/nodered unless they are there; returns the folder."""
    folder = os.path.join(build, "bench-peers", "nodered")
    if (_installed_version(folder, "node-red") == NODE_RED and
            _installed_version(folder, "node-red-node-mysql") == MYSQL_NODE):
        return folder
    for tool in ("node", "npm"):
        if not shutil.which(tool):
            raise RuntimeError("--peers needs Node.js and npm (%s is missing)"
                               % tool)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "package.json"), "w") as f:
        json.dump({"name": "earshot-bench-peers", "private": True,
                   "description": "bench only (tools/run-bench --peers)",
                   "dependencies": {"node-red": NODE_RED,
                                    "node-red-node-mysql": MYSQL_NODE}},
                  f, indent=2)
    log("peers: npm install node-red@%s node-red-node-mysql@%s into %s" % (
        NODE_RED, MYSQL_NODE, folder))
    # No optional (native bcrypt) or install scripts: the flow needs neither.
    _run(["npm", "install", "--no-audit", "--no-fund", "--omit=dev",
          "--omit=optional", "--ignore-scripts", "--no-save"], cwd=folder,
         timeout=900)
    if _installed_version(folder, "node-red") != NODE_RED:
        raise RuntimeError("npm did not install node-red %s" % NODE_RED)
    return folder


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, TypeError):
        return False


def _flow(db_port):
    """http in -> function -> mysql -> http response; a catch node answers
    500 when the INSERT fails, so a broken flow fails the bench at once
    instead of leaving requests hanging. (Ids must not equal a type name:
    Node-RED would take such a node for a config node.)"""
    insert = ("msg.topic = 'INSERT INTO samejob (target_id, value, "
              "received_at) VALUES (?, ?, NOW(6))';\n"
              "msg.payload = [msg.payload.id, msg.payload.value];\n"
              "return msg;")
    return [
        {"id": "f0", "type": "tab", "label": "earshot bench"},
        {"id": "c1", "type": "MySQLdatabase", "name": "peer",
         "host": "127.0.0.1", "port": str(db_port), "db": PEER_DB, "tz": "",
         "charset": "UTF8MB4"},
        {"id": "n1", "type": "http in", "z": "f0", "name": "",
         "url": "/samejob", "method": "post", "upload": False,
         "swaggerDoc": "", "wires": [["n2"]]},
        {"id": "n2", "type": "function", "z": "f0", "name": "sql",
         "func": insert, "outputs": 1, "timeout": 0, "noerr": 0,
         "initialize": "", "finalize": "", "libs": [], "wires": [["n3"]]},
        {"id": "n3", "type": "mysql", "z": "f0", "mydb": "c1",
         "name": "", "wires": [["n4"]]},
        {"id": "n4", "type": "http response", "z": "f0", "name": "",
         "statusCode": "200", "headers": {}, "wires": []},
        {"id": "n5", "type": "catch", "z": "f0", "name": "",
         "scope": ["n2", "n3"], "uncaught": False, "wires": [["n6"]]},
        {"id": "n6", "type": "http response", "z": "f0", "name": "",
         "statusCode": "500", "headers": {}, "wires": []},
    ]


SETTINGS = """// Node-RED settings for earshot's bench (bench/peer.py): no editor or
// admin API, warnings only, no telemetry, nothing installed at run time.
module.exports = {
    uiHost: "127.0.0.1",
    uiPort: %(port)d,
    httpAdminRoot: false,
    httpNodeRoot: "/",
    flowFile: "flows.json",
    credentialSecret: false,
    logging: {console: {level: "warn", metrics: false, audit: false}},
    diagnostics: {enabled: false},
    runtimeState: {enabled: false},
    telemetry: {enabled: false},
    externalModules: {autoInstall: false, palette: {allowInstall: false},
                      modules: {allowInstall: false}},
    functionExternalModules: false,
    exportGlobalContextKeys: false,
};
"""


class NodeRed:
    """Node-RED and its own MariaDB under STACK_VAR/nodered."""

    def __init__(self, folder, stack):
        self.folder, self.stack = folder, stack
        self.dir = os.path.join(stack.var, "nodered")
        self.cnf = os.path.join(self.dir, "my.cnf")
        self.port = _free_port()
        self.db_port = _free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.node = None
        self.version = None
        self.warmup_steps = []

    def sql(self, statement):
        r = _run(["mariadb", "--defaults-file=" + self.cnf, "-uroot", "-N",
                  "-B", "-e", statement])
        return [line.split("\t") for line in r.stdout.splitlines()]

    def _start_db(self, log):
        # The stack's own my.cnf with this directory's paths, and loopback
        # TCP instead of skip-networking: node-red-node-mysql connects by
        # host and port only.
        with open(os.path.join(self.stack.var, "my.cnf")) as f:
            lines = f.read().replace(self.stack.var, self.dir).splitlines()
        drop = ("skip-networking", "bind-address=", "port=",
                "skip-name-resolve")
        lines = [x for x in lines if not x.startswith(drop)]
        at = lines.index("[mysqld]") + 1
        lines[at:at] = ["bind-address=127.0.0.1", "port=%d" % self.db_port,
                        "skip-name-resolve"]
        for sub in ("db", "run", "log", "tmp"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
        with open(self.cnf, "w") as f:
            f.write("\n".join(lines) + "\n")
        _run(["mariadb-install-db", "--defaults-file=" + self.cnf,
              "--user=" + self._user(), "--auth-root-authentication-method="
              "normal", "--skip-test-db"])
        log_path = os.path.join(self.dir, "log", "mariadb.log")
        with open(log_path, "ab") as out:
            subprocess.Popen(["mariadbd", "--defaults-file=" + self.cnf],
                             stdin=subprocess.DEVNULL, stdout=out,
                             stderr=out, start_new_session=True)
        for _ in range(300):
            if subprocess.run(["mariadb-admin", "--defaults-file=" + self.cnf,
                               "-uroot", "ping"], capture_output=True
                              ).returncode == 0:
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("the peer's MariaDB did not start; see " +
                               log_path)
        self.password = secrets.token_hex(12)
        self.sql(
            "CREATE DATABASE %(db)s; CREATE TABLE %(db)s.samejob ("
            "id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, target_id BIGINT "
            "UNSIGNED NOT NULL, value BIGINT NOT NULL, received_at "
            "DATETIME(6) NOT NULL) ENGINE=InnoDB; "
            "CREATE USER 'nodered'@'127.0.0.1' IDENTIFIED BY '%(pw)s'; "
            "GRANT SELECT, INSERT ON %(db)s.* TO 'nodered'@'127.0.0.1';"
            % {"db": PEER_DB, "pw": self.password})

    def _user(self):
        with open(os.path.join(self.stack.var, "my.cnf")) as f:
            for line in f:
                if line.startswith("user="):
                    return line.strip().split("=", 1)[1]
        return "root"

    def start(self, log):
        self._start_db(log)
        user_dir = os.path.join(self.dir, "userdir")
        os.makedirs(user_dir)
        with open(os.path.join(user_dir, "settings.js"), "w") as f:
            f.write(SETTINGS % {"port": self.port})
        with open(os.path.join(user_dir, "flows.json"), "w") as f:
            json.dump(_flow(self.db_port), f, indent=1)
        with open(os.open(os.path.join(user_dir, "flows_cred.json"),
                          os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            json.dump({"c1": {"user": "nodered", "password": self.password}},
                      f)
        red = os.path.join(self.folder, "node_modules", "node-red", "red.js")
        self.version = "Node-RED %s, node-red-node-mysql %s, Node.js %s" % (
            NODE_RED, MYSQL_NODE, _run(["node", "--version"]).stdout.strip())
        self.log_path = os.path.join(self.dir, "log", "node-red.log")
        with open(self.log_path, "ab") as out:
            self.node = subprocess.Popen(
                ["node", red, "--settings", os.path.join(user_dir,
                                                         "settings.js"),
                 "--userDir", user_dir], cwd=user_dir,
                stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                start_new_session=True)
        self._write_pid()
        log("peers: Node-RED on port %d, its MariaDB on port %d" % (
            self.port, self.db_port))

    def wait_ready(self, post, timeout=90):
        """Until a POST is answered 200: the flow starts, then the mysql node
        connects. `post()` returns (status, text)."""
        deadline = time.time() + timeout
        status, text = 0, ""
        while time.time() < deadline:
            if self.node.poll() is not None:
                break
            status, text = post()
            if status == 200:
                return
            time.sleep(0.3)
        raise RuntimeError("Node-RED never answered 200 (last: %d %s); see %s"
                           % (status, text[:200], self.log_path))

    def _write_pid(self):
        with open(os.path.join(self.dir, "run", "node-red.pid"), "w") as f:
            f.write("%d\n" % self.node.pid)

    def _cpu_ticks(self):
        try:
            with open("/proc/%d/stat" % self.node.pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            return 0

    def warm_up(self, load, log, least, limit):
        """Loads Node-RED in 5 s steps for at least `least` seconds, then
        until its CPU per request settles (within 10% of the step before),
        at most `limit` seconds: V8 compiles the hot path only under load,
        and CPU per request falls by about two thirds over the first 20 s,
        unevenly. `load(seconds)` runs wrk and returns its figures."""
        tick_us = 1e6 / os.sysconf("SC_CLK_TCK")
        steps, last = [], None
        while 5 * len(steps) < limit:
            before = self._cpu_ticks()
            requests = max(load(5)["requests"], 1)
            us = (self._cpu_ticks() - before) * tick_us / requests
            steps.append(round(us))
            if (5 * len(steps) >= least and last is not None and
                    abs(us - last) <= 0.1 * last):
                break
            last = us
        log("peers: Node-RED warmed up for %d s, node CPU µs/request by 5 s "
            "step: %s" % (5 * len(steps), ", ".join(map(str, steps))))
        self.warmup_steps = steps

    def rows(self):
        """Rows Node-RED's flow wrote."""
        return int(self.sql("SELECT COUNT(*) FROM %s.samejob" % PEER_DB)[0][0])

    def has_row(self, body):
        """Whether the flow wrote `body`'s id and value."""
        return int(self.sql(
            "SELECT COUNT(*) FROM %s.samejob WHERE target_id = %d AND value "
            "= %d" % (PEER_DB, int(body["id"]), int(body["value"])))[0][0]) > 0

    def processes(self):
        db_pid = 0
        try:
            with open(os.path.join(self.dir, "run", "mysqld.pid")) as f:
                db_pid = int(f.read().strip() or 0)
        except (OSError, ValueError):
            pass
        return {"handler": [self.node.pid] if self.node else [],
                "mariadb": [db_pid], "nginx": []}

    def stop(self):
        stop_var(self.stack.var)
        if self.node:
            self.node.poll()  # reaps it


def _read_pid(path):
    try:
        with open(path) as f:
            return int(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0


def stop_var(var):
    """Stops the Node-RED and MariaDB a run left under VAR/nodered."""
    for name in ("node-red.pid", "mysqld.pid"):
        pid = _read_pid(os.path.join(var, "nodered", "run", name))
        if pid and _alive(pid):
            os.kill(pid, 15)
            for _ in range(200):
                if not _alive(pid):
                    break
                time.sleep(0.1)
            else:
                os.kill(pid, 9)


def _ratio(a, b):
    return a / b if a and b else None


def summarize(cases, summary, nodered):
    """samejob against nodered: medians of per-round ratios (interleaved)."""
    by_name = {c.name: c for c in cases}
    ours, theirs = by_name["samejob"], by_name["nodered"]
    pairs = list(zip(ours.rounds, theirs.rounds))
    rps = [_ratio(a["rps"], b["rps"]) for a, b in pairs]
    p99 = [_ratio(a["p99_ms"], b["p99_ms"]) for a, b in pairs]

    def side(name):
        s = {k: summary[name].get(k) for k in (
            "rps", "p50_ms", "p99_ms", "cpu_us_per_request",
            "round_trips_per_request", "rss_mb_per_process")}
        # What one request costs the serving side (wrk left out).
        s["cpu_us_total"] = round(sum(
            v for k, v in s["cpu_us_per_request"].items() if k != "wrk"))
        return s

    # The bare floor against the peer, in the same rounds: how far the
    # front (nginx, FastCGI) and a 4-statement transaction alone go.
    floor = by_name.get("floor_tx")
    floor_pairs = list(zip(floor.rounds, theirs.rounds)) if floor else []
    floor_rps = [_ratio(a["rps"], b["rps"]) for a, b in floor_pairs]
    floor_p99 = [_ratio(a["p99_ms"], b["p99_ms"]) for a, b in floor_pairs]

    return {"peer": nodered.version, "samejob": side("samejob"),
            "floor_tx_rps_ratio": (statistics.median(x for x in floor_rps
                                                     if x)
                                   if any(floor_rps) else None),
            "floor_tx_p99_ratio": (statistics.median(x for x in floor_p99
                                                     if x)
                                   if any(floor_p99) else None),
            "nodered": side("nodered"),
            "nodered_warmup_cpu_us_steps": nodered.warmup_steps,
            "rows_written": {c: sum(r.get("rows_written", 0) for r in
                                    by_name[c].rounds)
                             for c in ("samejob", "nodered")},
            "rps_ratio": statistics.median(x for x in rps if x),
            "p99_ratio": statistics.median(x for x in p99 if x),
            "goals": {"rps_ratio": ">= 1.5", "p99_ratio": "<= 0.5"}}


def line(p):
    """The "Peer:" line under the table."""
    def cpu(s, roles):
        c = s["cpu_us_per_request"]
        return " + ".join("%s %.0f" % (r, c[k]) for r, k in roles)

    ours, theirs = p["samejob"], p["nodered"]
    floor = ""
    if p.get("floor_tx_rps_ratio"):
        floor = (" For scale, floor_tx (a bare C FastCGI program: one "
                 "target locked and updated, a 2-index log row, no JSON, no "
                 "API key, through the same nginx) ÷ Node-RED: req/s %.2f×, "
                 "p99 %.2f×." % (p["floor_tx_rps_ratio"],
                                 p["floor_tx_p99_ratio"]))
    return (
        "Peer (%s, its own MariaDB over loopback TCP, its own HTTP port): "
        "%.0f req/s, p99 %.2f ms, CPU µs/req %s = %d; earshot samejob "
        "through nginx: %.0f req/s, p99 %.2f ms, CPU µs/req %s = %d. "
        "earshot ÷ Node-RED: "
        "req/s %.2f× (goal ≥ 1.5: %s), p99 %.2f× (goal ≤ 0.5: %s); rows "
        "written under load: %d and %d, at least one per 200." % (
            p["peer"], theirs["rps"], theirs["p99_ms"],
            cpu(theirs, [("node", "handler"), ("mariadbd", "mariadb")]),
            theirs["cpu_us_total"], ours["rps"], ours["p99_ms"],
            cpu(ours, [("pool", "handler"), ("mariadbd", "mariadb"),
                       ("nginx", "nginx")]), ours["cpu_us_total"],
            p["rps_ratio"], "met" if p["rps_ratio"] >= 1.5 else "MISSED",
            p["p99_ratio"], "met" if p["p99_ratio"] <= 0.5 else "MISSED",
            p["rows_written"]["samejob"], p["rows_written"]["nodered"]) +
        floor)

