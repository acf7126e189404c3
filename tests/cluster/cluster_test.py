#!/usr/bin/python3
"""make test-cluster: earshot on a three-node MariaDB Galera cluster.

Starts, all on this machine and under one private directory: three Galera
nodes (own datadirs, ports, gcomm:// on loopback, SST by mariabackup), two
"handler hosts" (a pool per listener type on 127.0.0.2 and on 127.0.0.3,
each host's config naming a different node first in db_hosts), one nginx
whose upstream per type holds both hosts, two outbox workers on two other
nodes, an SMTP sink and a webhook receiver. Then it sends real deliveries
through nginx and checks, in the database and at the receivers, that
nothing was lost or doubled: with duplicates crossing hosts, with two
workers claiming from two nodes, and with a node killed mid-load.

Ends with one line `tests: N passed, N failed`, as `make test` does.
Environment: EARSHOT_ROOT (source tree), EARSHOT_BIN (built programs).
Figures go to stdout (and, with EARSHOT_KEEP_VAR=1, the directory stays).
"""
import concurrent.futures
import glob
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

ROOT = os.environ.get("EARSHOT_ROOT", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
BIN = os.environ.get("EARSHOT_BIN", os.path.join(ROOT, "build", "bin"))
ME = subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
TYPES = ("data", "comment", "macro")
HOSTS = ("127.0.0.2", "127.0.0.3")
FIGURES = []


def figure(text):
    FIGURES.append(text)
    print("  figure: " + text, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(done, timeout_s, what):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if done():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + what)


class Node:
    """One Galera node: a mariadbd with its own datadir and ports."""

    def __init__(self, var, index, gcomm_ports):
        self.index = index
        self.dir = os.path.join(var, "node%d" % index)
        self.port = free_port()
        self.gcomm = gcomm_ports[index - 1]
        self.cnf = os.path.join(self.dir, "my.cnf")
        self.process = None
        os.makedirs(os.path.join(self.dir, "db"), exist_ok=True)
        os.makedirs(os.path.join(self.dir, "tmp"), exist_ok=True)
        cluster = ",".join("127.0.0.1:%d" % p for p in gcomm_ports)
        with open(self.cnf, "w") as f:
            f.write(f"""[mysqld]
user={ME}
datadir={self.dir}/db
socket={self.dir}/mysqld.sock
pid-file={self.dir}/mysqld.pid
tmpdir={self.dir}/tmp
port={self.port}
bind-address=127.0.0.1
log-error={self.dir}/mariadb.log
innodb_buffer_pool_size=64M
innodb_log_file_size=48M
innodb_flush_log_at_trx_commit=2
max_connections=300
character-set-server=utf8mb4
collation-server=utf8mb4_nopad_bin
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider=/usr/lib/galera/libgalera_smm.so
wsrep_cluster_name=earshot-test
wsrep_cluster_address=gcomm://{cluster}
wsrep_node_address=127.0.0.1:{self.gcomm}
wsrep_node_name=node{index}
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:{self.gcomm};ist.recv_addr=127.0.0.1:{free_port()};gcache.size=64M"
wsrep_sst_method=mariabackup
wsrep_sst_auth=root:
wsrep_sst_receive_address=127.0.0.1:{free_port()}
[client]
socket={self.dir}/mysqld.sock
user=root
""")

    def start(self, bootstrap=False, wait=True):
        if bootstrap:
            subprocess.run(
                ["mariadb-install-db", "--defaults-file=" + self.cnf,
                 "--user=" + ME, "--auth-root-authentication-method=normal",
                 "--skip-test-db"], check=True, capture_output=True)
        args = ["mariadbd", "--defaults-file=" + self.cnf]
        if bootstrap:
            args.append("--wsrep-new-cluster")
        log = open(os.path.join(self.dir, "out.log"), "a")
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                        stdout=log, stderr=log,
                                        start_new_session=True)
        if wait:
            wait_for(self.ready, 240, "node%d to be ready" % self.index)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.kill()

    def sql(self, statements, check=True):
        r = subprocess.run(
            ["mariadb", "--defaults-file=" + self.cnf, "-N", "-B", "-e",
             statements], capture_output=True, text=True)
        if check and r.returncode != 0:
            raise AssertionError("node%d: %s" % (self.index, r.stderr))
        return r.stdout.strip()

    def status(self, name):
        out = self.sql("SHOW STATUS LIKE '%s'" % name, check=False)
        return out.split("\t")[1] if "\t" in out else ""

    def ready(self):
        return (self.process.poll() is None and
                self.status("wsrep_ready") == "ON" and
                self.status("wsrep_local_state_comment") == "Synced")

    def value(self, query):
        # wsrep_sync_wait: read only once this node has applied everything
        # the cluster committed before the read.
        return self.sql("SET SESSION wsrep_sync_wait = 1; " + query)


class Process:
    """A program of ours, its output appended to a log."""

    def __init__(self, argv, log, env=None):
        self.log = log
        out = open(log, "a")
        self.process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
            env=dict(os.environ, **(env or {})), start_new_session=True)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Cluster:
    def __init__(self):
        self.var = tempfile.mkdtemp(prefix="earshot-cluster-")
        os.chmod(self.var, 0o755)
        self.processes = []
        self.workers = []
        gcomm = [free_port() for _ in range(3)]
        self.nodes = [Node(self.var, i, gcomm) for i in (1, 2, 3)]
        self.password = os.urandom(12).hex()

    # --- start -----------------------------------------------------------
    def start(self):
        started = time.time()
        self.nodes[0].start(bootstrap=True)
        # Both join at once; the donor serves their state transfers in turn.
        for node in self.nodes[1:]:
            node.start(wait=False)
        for node in self.nodes[1:]:
            wait_for(node.ready, 240, "node%d to be ready" % node.index)
        figure("3-node cluster formed in %.0f s" % (time.time() - started))
        self.nodes[0].sql(
            "CREATE DATABASE earshot CHARACTER SET utf8mb4 "
            "COLLATE utf8mb4_nopad_bin;"
            "CREATE USER earshot@'127.0.0.1' IDENTIFIED BY '%s';"
            "GRANT SELECT, INSERT, UPDATE, DELETE ON earshot.* "
            "TO earshot@'127.0.0.1';"
            "CREATE USER earshot_migrate@'127.0.0.1' IDENTIFIED BY '%s';"
            "GRANT ALL ON earshot.* TO earshot_migrate@'127.0.0.1';"
            % (self.password, self.password))
        self.start_receivers()
        self.migrate()
        self.seed()
        self.start_pools()
        self.start_nginx()
        # Two workers on two nodes, neither of them node 1 (the one the
        # fault test kills): the exactly-once checks of messages are about
        # claims racing across nodes, not about a worker losing its node.
        self.workers = [
            self.start_worker("worker-a", (2, 3)),
            self.start_worker("worker-b", (3, 2)),
        ]

    def config(self, name, node_order, extra=""):
        path = os.path.join(self.var, name + ".conf")
        hosts = ", ".join("127.0.0.1:%d" % self.nodes[i - 1].port
                          for i in node_order)
        with open(path, "w") as f:
            f.write(f"""db_hosts = {hosts}
db_user = earshot
db_password = {self.password}
db_name = earshot
db_connect_timeout_s = 2
base_url = http://127.0.0.1:{getattr(self, 'http_port', 0)}
smtp_url = smtp://127.0.0.1:{self.smtp_port}
mail_from = earshot@example.com
webhook_allow = 127.0.0.0/8
outbox_poll_ms = 50
outbox_lease_s = 30
max_tx_attempts = 10
{extra}""")
        os.chmod(path, 0o644)
        return path

    def start_receivers(self):
        self.smtp_port = free_port()
        self.mail_dir = os.path.join(self.var, "mail")
        os.makedirs(self.mail_dir)
        ready = os.path.join(self.var, "smtp.ready")
        self.processes.append(Process(
            [os.path.join(ROOT, "tests/e2e/tools/smtp_sink.py"),
             "--port", str(self.smtp_port), "--dir", self.mail_dir,
             "--ready", ready], os.path.join(self.var, "smtp.log")))
        port_file = os.path.join(self.var, "webhook.port")
        self.webhook_log = os.path.join(self.var, "webhooks.jsonl")
        self.processes.append(Process(
            [os.path.join(ROOT, "tests/e2e/tools/webhook_receiver.py"),
             "--port-file", port_file, "--log", self.webhook_log],
            os.path.join(self.var, "webhook.log")))
        wait_for(lambda: os.path.exists(ready) and os.path.exists(port_file)
                 and open(port_file).read().strip(), 30, "the receivers")
        self.webhook_port = int(open(port_file).read().strip())

    def ctl(self, *args, config=None, stdin=None, check=True):
        r = subprocess.run(
            [os.path.join(BIN, "earshotctl"), "--config",
             config or self.ctl_config, "--json"] + list(args),
            input=stdin, capture_output=True, text=True)
        if check and r.returncode != 0:
            raise AssertionError("earshotctl %s: %s" % (" ".join(args),
                                                         r.stderr))
        return json.loads(r.stdout) if r.stdout.strip() else None

    def migrate(self):
        self.http_port = free_port()
        migrate = self.config("migrate", (1,))
        with open(migrate) as f:
            text = f.read().replace("db_user = earshot\n",
                                    "db_user = earshot_migrate\n")
        with open(migrate, "w") as f:
            f.write(text)
        self.ctl("migrate", config=migrate)
        self.ctl_config = self.config("ctl", (1, 2, 3))

    def seed(self):
        self.users = ["cluster-%d@example.com" % i for i in range(24)]
        project = self.ctl("project", "create", "Cluster")["id"]
        for email in self.users:
            self.ctl("user", "create", email, "--name", email.split("@")[0],
                     "--project", str(project))
        self.ctl("user", "create", "pm@example.com", "--role", "manager",
                 "--project", str(project))
        self.tickets = []
        for i in range(12):
            self.tickets.append(self.ctl(
                "feedback", "create", "--project", str(project), "--author",
                "pm@example.com", "--title", "Ticket %d" % i)["id"])
        self.api_key = self.ctl("apikey", "create", "cluster")["key"]
        macro = {"actions": [
            {"type": "score", "points": 1},
            {"type": "email", "to": "target", "subject": "Scored",
             "body": "Score {{user.score}}"},
            {"type": "webhook",
             "url": "http://127.0.0.1:%d/hook" % self.webhook_port,
             "body": {"user": "{{user.id}}"}}]}
        self.ctl("macro", "create", "score", "--target", "users", "--file",
                 "-", stdin=json.dumps(macro))
        self.ctl("listener", "create", "score", "--type", "macro",
                 "--target", "users", "--api-key", "cluster", "--macro",
                 "score", "--identify", "email=/email")
        self.ctl("listener", "create", "comments", "--type", "comment",
                 "--target", "feedback", "--scope", "project:%d" % project,
                 "--api-key", "cluster", "--identify", "id=/ticket",
                 "--author", "pm@example.com", "--comment-field", "/text",
                 "--popularity-weight", "3")

    def start_pools(self):
        self.pool_ports = {}
        for host_index, host in enumerate(HOSTS):
            # Host A prefers node 1, host B node 2; each fails over to the
            # next node in its list when its own is gone.
            config = self.config("host-%d" % host_index,
                                 (1, 2, 3) if host_index == 0 else (2, 3, 1))
            for t in TYPES:
                port = free_port()
                self.pool_ports[(host, t)] = port
                self.processes.append(Process(
                    ["spawn-fcgi", "-n", "-a", host, "-p", str(port), "--",
                     shutil.which("multiwatch"), "-f", "2", "--",
                     os.path.join(BIN, t + ".fcgi"), "--config", config],
                    os.path.join(self.var, "pool-%s-%s.log" % (host, t)),
                    env={"FCGI_WEB_SERVER_ADDRS": "127.0.0.1"}))
        for (host, t), port in self.pool_ports.items():
            wait_for(lambda: self.listening(host, port), 30,
                     "the %s pool on %s" % (t, host))

    @staticmethod
    def listening(host, port):
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            return False

    def start_nginx(self):
        conf_dir = os.path.join(self.var, "nginx")
        os.makedirs(conf_dir)
        # Beside the usual access log, one line per request naming the
        # handler host that served it and the delivery id.
        routes = "access_log %s/routes.log cluster_routes;" % self.var
        # The shipped snippets, templates filled in as make install does.
        for path in glob.glob(os.path.join(ROOT, "nginx", "earshot-*.conf*")):
            with open(path) as f:
                text = f.read().replace("/var/log/nginx/", self.var + "/")
            text = text.replace("@TYPES@", "|".join(TYPES))
            text = text.replace("@NGINX_DIR@", conf_dir)
            text = re.sub(r"( earshot(?: buffer=\S+ flush=\S+)?;\n)",
                          r"\1    %s\n" % routes, text, count=1)
            name = os.path.basename(path)
            if name.endswith(".in"):
                name = name[:-3]
            with open(os.path.join(conf_dir, name), "w") as f:
                f.write(text)
        with open(os.path.join(conf_dir, "earshot-upstreams.conf"), "w") as f:
            for t in TYPES:
                f.write("upstream earshot_%s {\n" % t)
                for host in HOSTS:
                    f.write("    server %s:%d;\n" % (host,
                                                    self.pool_ports[(host, t)]))
                f.write("}\n")
        user = "user %s;" % ME if os.getuid() == 0 else ""
        with open(os.path.join(conf_dir, "nginx.conf"), "w") as f:
            f.write(f"""worker_processes 1;
pid {self.var}/nginx.pid;
error_log {self.var}/nginx-error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {conf_dir}/client_body;
    fastcgi_temp_path {conf_dir}/fastcgi;
    proxy_temp_path {conf_dir}/proxy;
    uwsgi_temp_path {conf_dir}/uwsgi;
    scgi_temp_path {conf_dir}/scgi;
    include {conf_dir}/earshot-http.conf;
    include {conf_dir}/earshot-upstreams.conf;
    log_format cluster_routes '$upstream_addr $http_idempotency_key $status';
    access_log {self.var}/nginx-access.log earshot;
    server {{
        listen 127.0.0.1:{self.http_port};
        include {conf_dir}/earshot-server.conf;
        include {conf_dir}/earshot-locations.conf;
    }}
}}
""")
        # The load below comes from one address: lift the per-address rate.
        http_conf = os.path.join(conf_dir, "earshot-http.conf")
        with open(http_conf) as f:
            text = f.read().replace("    default 0;",
                                    "    default 0;\n    127.0.0.1 1;")
        with open(http_conf, "w") as f:
            f.write(text)
        subprocess.run(["nginx", "-p", conf_dir, "-c",
                        os.path.join(conf_dir, "nginx.conf"), "-e",
                        os.path.join(self.var, "nginx-error.log")], check=True)

    def start_worker(self, name, node_order):
        config = self.config(name, node_order)
        return Process([os.path.join(BIN, "earshot-outbox"), "--config",
                        config], os.path.join(self.var, name + ".log"))

    # --- stop ------------------------------------------------------------
    def stop(self):
        pid = os.path.join(self.var, "nginx.pid")
        if os.path.exists(pid):
            subprocess.run(["nginx", "-p", os.path.join(self.var, "nginx"),
                            "-c", os.path.join(self.var, "nginx/nginx.conf"),
                            "-e", os.path.join(self.var, "nginx-error.log"),
                            "-s", "stop"], capture_output=True)
        for p in self.workers + self.processes:
            p.stop()
        for node in self.nodes:
            node.stop()
        if os.environ.get("EARSHOT_KEEP_VAR") == "1":
            print("cluster: kept " + self.var)
        else:
            shutil.rmtree(self.var, ignore_errors=True)

    # --- talking to it ---------------------------------------------------
    def post(self, path, body, delivery_id):
        conn = http.client.HTTPConnection("127.0.0.1", self.http_port,
                                          timeout=60)
        try:
            conn.request("POST", path, body=json.dumps(body), headers={
                "Content-Type": "application/json",
                "Authorization": "Bearer " + self.api_key,
                "Idempotency-Key": delivery_id})
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()

    def send(self, path, body, delivery_id, stats):
        """Sends until a 200, as a sender that retries does."""
        for attempt in range(200):
            try:
                status, answer = self.post(path, body, delivery_id)
            except OSError:
                status, answer = 0, b""
            why = status
            if status in (502, 503, 504):
                try:
                    why = "%d %s" % (status,
                                     json.loads(answer)["error"]["code"])
                except (ValueError, KeyError, TypeError):
                    pass
            with stats["lock"]:
                stats["requests"] += 1
                stats.setdefault(why, 0)
                stats[why] += 1
            if status == 200:
                doc = json.loads(answer)
                return doc.get("duplicate", False)
            if status not in (0, 429, 502, 503, 504):
                raise AssertionError("%s %s: %d %s" % (path, delivery_id,
                                                      status, answer))
            time.sleep(min(0.05 * (attempt + 1), 1.0))
        raise AssertionError("%s %s never answered 200" % (path, delivery_id))

    def crossed_hosts(self, tag):
        """Deliveries of `tag` whose 200s came from both handler hosts."""
        hosts = {}
        with open(os.path.join(self.var, "routes.log")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[2] == "200" and \
                        parts[1].startswith(tag + "-"):
                    hosts.setdefault(parts[1], set()).add(
                        parts[0].split(":")[0])
        return sum(1 for h in hosts.values() if len(h) == 2)

    def sent_messages(self):
        """Message ids that reached the SMTP sink and the receiver."""
        mails = []
        for path in glob.glob(os.path.join(self.mail_dir, "*.json")):
            with open(path) as f:
                mails.append(json.load(f)["message_id"])
        hooks = []
        if os.path.exists(self.webhook_log):
            with open(self.webhook_log) as f:
                for line in f:
                    hooks.append(json.loads(line)["headers"]["webhook-id"])
        return mails, hooks


def load(cluster, tag, macro_n, comment_n, during=None):
    """Sends macro_n + comment_n deliveries, each twice (the copy usually
    to the other host: nginx alternates), eight at a time. `during` runs
    in parallel. Returns the expected counts per user and per ticket."""
    rng = random.Random(tag)
    jobs = []
    per_user, per_ticket = {}, {}
    for i in range(macro_n):
        user = rng.choice(cluster.users)
        per_user[user] = per_user.get(user, 0) + 1
        jobs.append(("/listeners/macro/score", {"email": user},
                     "%s-m-%d" % (tag, i)))
    for i in range(comment_n):
        ticket = rng.choice(cluster.tickets)
        per_ticket[ticket] = per_ticket.get(ticket, 0) + 1
        jobs.append(("/listeners/comment/comments",
                     {"ticket": ticket, "text": "%s comment %d" % (tag, i)},
                     "%s-c-%d" % (tag, i)))
    jobs = [j for j in jobs for _ in (0, 1)]
    rng.shuffle(jobs)
    stats = {"lock": threading.Lock(), "requests": 0}
    started = time.time()
    side = None
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        if during:
            side = threading.Thread(target=during)
            side.start()
        duplicates = sum(pool.map(lambda j: cluster.send(*j, stats), jobs))
    if side:
        side.join()
    elapsed = time.time() - started
    figure("%s: %d deliveries sent twice = %d sends, %d HTTP requests in "
           "%.1f s; answers %s; %d answered as duplicates" % (
               tag, macro_n + comment_n, len(jobs), stats["requests"],
               elapsed, {k: v for k, v in stats.items()
                         if k not in ("lock", "requests")}, duplicates))
    crossed = cluster.crossed_hosts(tag)
    figure("%s: %d of %d deliveries had their two copies served by the two "
           "different handler hosts" % (tag, crossed, macro_n + comment_n))
    return per_user, per_ticket, len(jobs) - duplicates


class ClusterTest(unittest.TestCase):
    cluster = None

    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster()
        try:
            cls.cluster.start()
        except BaseException:
            cls.cluster.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.cluster:
            cls.cluster.stop()

    def node(self, i):
        return self.cluster.nodes[i - 1]

    def expected_totals(self):
        """Scores, comments and popularity as the deliveries so far say."""
        return self.node(2).value(
            "SELECT (SELECT COALESCE(SUM(score), 0) FROM earshot.users "
            "WHERE email LIKE 'cluster-%'), (SELECT COUNT(*) FROM "
            "earshot.comments WHERE feedback_id IS NOT NULL), (SELECT "
            "COALESCE(SUM(popularity), 0) FROM earshot.feedback)")

    def check_effects(self, per_user, per_ticket, node=2):
        n = self.node(node)
        for user, count in per_user.items():
            self.assertEqual(
                int(n.value("SELECT score FROM earshot.users WHERE email = "
                            "'%s'" % user)), count, user)
        for ticket, count in per_ticket.items():
            comments, popularity = n.value(
                "SELECT (SELECT COUNT(*) FROM earshot.comments WHERE "
                "feedback_id = %d), popularity FROM earshot.feedback WHERE "
                "id = %d" % (ticket, ticket)).split("\t")
            self.assertEqual(int(comments), count, "ticket %d" % ticket)
            self.assertEqual(int(popularity), 3 * count, "ticket %d" % ticket)

    def check_events_once(self, tag, deliveries):
        n = self.node(3)
        applied = int(n.value(
            "SELECT COUNT(DISTINCT delivery_id) FROM earshot.events WHERE "
            "delivery_id LIKE '%s-%%' AND http_status = 200" % tag))
        rows = int(n.value(
            "SELECT COUNT(*) FROM earshot.events WHERE delivery_id LIKE "
            "'%s-%%' AND http_status = 200 AND duplicate_of IS NULL" % tag))
        self.assertEqual(applied, deliveries)
        self.assertEqual(rows, deliveries, "one applying event per delivery")

    def wait_outbox_drained(self):
        wait_for(lambda: self.node(2).value(
            "SELECT COUNT(*) FROM earshot.outbox WHERE state <> 'sent'") ==
            "0", 240, "the outbox to drain")

    def check_messages_once(self, expected):
        mails, hooks = self.cluster.sent_messages()
        self.assertEqual(len(mails), expected, "emails received")
        self.assertEqual(len(set(mails)), len(mails), "an email sent twice")
        self.assertEqual(len(hooks), expected, "webhooks received")
        self.assertEqual(len(set(hooks)), len(hooks), "a webhook sent twice")
        attempts = self.node(2).value(
            "SELECT COUNT(*), COUNT(DISTINCT outbox_id) FROM "
            "earshot.outbox_attempts").split("\t")
        self.assertEqual(attempts[0], attempts[1], "a message tried twice")
        by = self.node(2).value(
            "SELECT worker, COUNT(*) FROM earshot.outbox_attempts GROUP BY "
            "worker ORDER BY worker")
        figure("messages sent per worker: " + by.replace("\n", "; ")
               .replace("\t", " "))

    def test_1_cluster_is_formed_and_schema_replicated(self):
        for i in (1, 2, 3):
            self.assertEqual(self.node(i).status("wsrep_cluster_size"), "3")
            self.assertEqual(self.node(i).value(
                "SELECT COUNT(*) FROM earshot.listeners"), "2")

    def test_2_certification_conflict_is_a_deadlock_at_commit(self):
        # The outbox claim's shape on two nodes at once: both lock "the"
        # row locally, the second COMMIT loses certification.
        n2, n3 = self.node(2), self.node(3)
        n2.sql("CREATE TABLE earshot.cluster_probe (id INT PRIMARY KEY, "
               "v INT) ENGINE=InnoDB; INSERT INTO earshot.cluster_probe "
               "VALUES (1, 0)")
        wait_for(lambda: n3.value("SELECT COUNT(*) FROM "
                                  "earshot.cluster_probe") == "1", 10, "probe")
        claim = ("SET autocommit = 0; SELECT v FROM earshot.cluster_probe "
                 "WHERE id = 1 FOR UPDATE SKIP LOCKED; UPDATE "
                 "earshot.cluster_probe SET v = v + 1 WHERE id = 1; "
                 "SELECT SLEEP(%s); COMMIT;")
        a = subprocess.Popen(["mariadb", "--defaults-file=" + n2.cnf, "-N",
                              "-e", claim % "2"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        b = subprocess.Popen(["mariadb", "--defaults-file=" + n3.cnf, "-N",
                              "-e", claim % "3"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        _, a_err = a.communicate(30)
        _, b_err = b.communicate(30)
        errors = [e for e in (a_err, b_err) if e]
        self.assertEqual(len(errors), 1, (a_err, b_err))
        self.assertIn("1213", errors[0])  # ER_LOCK_DEADLOCK at COMMIT
        self.assertEqual(n2.value("SELECT v FROM earshot.cluster_probe"), "1")
        n2.sql("DROP TABLE earshot.cluster_probe")

    def test_3_concurrent_load_with_duplicates_is_exact(self):
        per_user, per_ticket, _ = load(self.cluster, "steady", 300, 300)
        self.check_effects(per_user, per_ticket)
        self.check_events_once("steady", 600)
        self.wait_outbox_drained()
        self.check_messages_once(300)

    def test_4_node_killed_mid_load_loses_and_doubles_nothing(self):
        n1 = self.node(1)
        before_users = {u: int(self.node(2).value(
            "SELECT score FROM earshot.users WHERE email = '%s'" % u))
            for u in self.cluster.users}
        before_tickets = {}
        for t in self.cluster.tickets:
            before_tickets[t] = self.node(2).value(
                "SELECT (SELECT COUNT(*) FROM earshot.comments WHERE "
                "feedback_id = %d), popularity FROM earshot.feedback WHERE "
                "id = %d" % (t, t)).split("\t")

        def kill_node_1():
            time.sleep(2)
            n1.kill()
            figure("fault: node 1 killed (SIGKILL) mid-load")

        per_user, per_ticket, _ = load(self.cluster, "fault", 200, 200,
                                       during=kill_node_1)
        self.assertIsNotNone(n1.process.poll(), "node 1 was killed")
        for user in self.cluster.users:
            self.assertEqual(
                int(self.node(2).value("SELECT score FROM earshot.users "
                                       "WHERE email = '%s'" % user)),
                before_users[user] + per_user.get(user, 0), user)
        for t in self.cluster.tickets:
            comments, popularity = self.node(3).value(
                "SELECT (SELECT COUNT(*) FROM earshot.comments WHERE "
                "feedback_id = %d), popularity FROM earshot.feedback WHERE "
                "id = %d" % (t, t)).split("\t")
            self.assertEqual(int(comments), int(before_tickets[t][0]) +
                             per_ticket.get(t, 0), "ticket %d" % t)
            self.assertEqual(int(popularity), int(before_tickets[t][1]) +
                             3 * per_ticket.get(t, 0), "ticket %d" % t)
        self.check_events_once("fault", 400)
        self.wait_outbox_drained()
        self.check_messages_once(500)

        # The node comes back, catches up (IST) and agrees with the others.
        started = time.time()
        n1.start()
        figure("fault: node 1 rejoined and synced in %.0f s" %
               (time.time() - started))
        self.assertEqual(n1.status("wsrep_cluster_size"), "3")
        totals = [self.node(i).value(
            "SELECT SUM(score), (SELECT COUNT(*) FROM earshot.comments), "
            "(SELECT COUNT(*) FROM earshot.events) FROM earshot.users")
            for i in (1, 2, 3)]
        self.assertEqual(totals[0], totals[1])
        self.assertEqual(totals[1], totals[2])
        # And serves again: a delivery through host A, whose first node it is.
        stats = {"lock": threading.Lock(), "requests": 0}
        self.cluster.send("/listeners/macro/score",
                          {"email": self.cluster.users[0]}, "after-rejoin",
                          stats)
        self.assertEqual(n1.value(
            "SELECT COUNT(*) FROM earshot.events WHERE delivery_id = "
            "'after-rejoin' AND http_status = 200"), "1")


def main():
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(ClusterTest)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    # A failed setUpClass is an error without a test run: count it failed.
    failed = len(result.failures) + len(result.errors) + len(result.skipped)
    passed = max(0, result.testsRun - failed)
    if result.testsRun == 0:
        failed = max(failed, 1)
    print("figures:\n  " + "\n  ".join(FIGURES))
    print("tests: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
