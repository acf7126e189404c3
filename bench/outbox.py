"""The outbox under bursts (issue 15): one earshot-outbox worker against
local receivers.

1. Throughput: N webhooks queued at once (rows inserted straight into the
   outbox, as the handlers queue them) to a fast receiver, the stack's
   nginx `return 204` location; webhooks/s from the worker's start to the
   last one recorded sent (the database's clocks). The receiver's own
   rate (wrk, same location) is measured too, to show it is not the limit.
2. A hung receiver: HUNG webhooks due now to a receiver that accepts
   connections and never answers, and FAST webhooks to the fast receiver
   falling due one by one over the phase; the worst delay between a fast
   webhook being due and being recorded sent (a fast webhook still unsent
   at the end counts with its delay so far, as a lower bound).

With EARSHOT_BENCH_OLD_OUTBOX=PATH (an earshot-outbox built from an
earlier commit), both steps also run that worker, for comparison; it uses
the same database (a newer schema only adds columns it ignores).
`make bench QUICK=1` runs smaller phases, the new worker only.
"""

import os
import re
import socket
import subprocess
import threading
import time

ORIGIN = "bench-outbox"
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SIZES = {"full": {"n": 20000, "hung": 40, "fast": 200, "phase_s": 15},
         "quick": {"n": 1000, "hung": 40, "fast": 40, "phase_s": 3}}


class HungReceiver:
    """Accepts connections on loopback and never answers (nor reads)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1024)
        self.port = self.sock.getsockname()[1]
        self.held = []
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self):
        self.stopped = True
        self.sock.close()
        for c in self.held:
            c.close()


def _config(stack, var, tag):
    path = os.path.join(var, "outbox-%s.conf" % tag)
    with open(stack.config) as f:
        text = f.read()
    # Keys every worker knows: the old one refuses unknown keys.
    text += ("\nwebhook_secret = %s\nwebhook_allow = 127.0.0.1\n"
             "mail_dir = %s/outbox-mail\n" % (SECRET, var))
    with open(path, "w") as f:
        f.write(text)
    return path


def _queue(stack, url, count, tag, due_spread_s=0.0):
    """Queues `count` webhooks to `url`; the i-th falls due i * spread /
    count seconds from now (created_at = due time, kept for the delay)."""
    due = ("NOW(6) + INTERVAL (s.seq * %d DIV %d) MICROSECOND"
           % (int(due_spread_s * 1e6), count))
    stack.sql(
        "USE earshot; INSERT INTO outbox (kind, recipient, body, message_id, "
        "origin, next_attempt_at, created_at) SELECT 'webhook', '%s', "
        "'{\"bench\":true}', CONCAT('msg_%s_', s.seq), '%s', %s, %s "
        "FROM seq_1_to_%d s" % (url, tag, ORIGIN, due, due, count))


def _scalar(stack, query):
    rows = stack.sql("USE earshot; " + query)
    return rows[0][0] if rows else None


def _clear(stack):
    stack.sql("USE earshot; DELETE a FROM outbox_attempts a JOIN outbox o ON "
              "o.id = a.outbox_id WHERE o.origin = '%s'; DELETE FROM outbox "
              "WHERE origin = '%s'" % (ORIGIN, ORIGIN))


def _start(worker, config, var, tag):
    log = open(os.path.join(var, "log", "outbox-bench-%s.log" % tag), "ab")
    return subprocess.Popen([worker, "--config", config],
                            stdin=subprocess.DEVNULL, stdout=log, stderr=log)


def _stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        proc.kill()  # the old worker waits out a hung send
        proc.wait()


def _throughput(stack, worker, config, var, url, n, tag, log):
    _clear(stack)
    _queue(stack, url, n, tag + "t")
    t0 = _scalar(stack, "SELECT UNIX_TIMESTAMP(NOW(6))")
    proc = _start(worker, config, var, tag)
    deadline = time.time() + max(60, n / 50)
    sent = 0
    while time.time() < deadline:
        time.sleep(0.2)
        sent = int(_scalar(stack, "SELECT COUNT(*) FROM outbox WHERE origin = "
                           "'%s' AND state = 'sent'" % ORIGIN))
        if sent == n:
            break
    _stop(proc)
    last = _scalar(stack, "SELECT UNIX_TIMESTAMP(MAX(sent_at)) FROM outbox "
                   "WHERE origin = '%s'" % ORIGIN)
    span = float(last) - float(t0) if last else 0.0
    rate = sent / span if span > 0 else 0.0
    log("outbox %s: %d of %d webhooks sent in %.2f s (%.0f/s)"
        % (tag, sent, n, span, rate))
    return {"queued": n, "sent": sent, "seconds": round(span, 3),
            "webhooks_per_s": round(rate, 1)}


def _hung(stack, worker, config, var, url, sizes, tag, log):
    _clear(stack)
    hung = HungReceiver()
    try:
        _queue(stack, "http://127.0.0.1:%d/never" % hung.port, sizes["hung"],
               tag + "h")
        # Due over the first 80% of the phase.
        _queue(stack, url, sizes["fast"], tag + "f",
               due_spread_s=sizes["phase_s"] * 0.8)
        proc = _start(worker, config, var, tag)
        time.sleep(sizes["phase_s"])
        rows = stack.sql(
            "USE earshot; SELECT COUNT(*), COALESCE(MAX(TIMESTAMPDIFF("
            "MICROSECOND, created_at, sent_at)), 0), COALESCE(MAX("
            "TIMESTAMPDIFF(MICROSECOND, created_at, IF(sent_at IS NULL, "
            "NOW(6), NULL))), 0), SUM(state = 'sent') FROM outbox WHERE "
            "origin = '%s' AND recipient = '%s' AND created_at <= NOW(6)"
            % (ORIGIN, url))
        _stop(proc)
        held = len(hung.held)
    finally:
        hung.close()
    due, worst_sent_us, worst_unsent_us, sent = (
        int(rows[0][0]), int(rows[0][1]), int(rows[0][2]),
        int(rows[0][3] or 0))
    worst = max(worst_sent_us, worst_unsent_us) / 1e6
    log("outbox %s: with a hung receiver (%d connections held), %d of %d due "
        "fast webhooks sent; worst delay from due to sent %.3f s%s"
        % (tag, held, sent, due, worst,
           " (some still unsent: a lower bound)" if sent < due else ""))
    return {"hung_messages": sizes["hung"], "hung_connections": held,
            "fast_due": due, "fast_sent": sent,
            "worst_delay_s": round(worst, 3),
            "lower_bound": sent < due}


def _receiver_rate(url):
    out = subprocess.run(["wrk", "-t1", "-c8", "-d1s", url],
                         capture_output=True, text=True).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return round(float(m.group(1)), 0) if m else None


def measure(stack, log, worker, quick=False):
    sizes = SIZES["quick" if quick else "full"]
    var = stack.var
    url = stack.base + "/bench/nginx204"
    # Messages the cases queued (follow emails) would be sent too.
    stack.sql("USE earshot; UPDATE outbox SET state = 'dead', last_error = "
              "'set aside by the bench' WHERE state = 'pending'")
    workers = [("new", worker)]
    old = os.environ.get("EARSHOT_BENCH_OLD_OUTBOX")
    if old:
        workers.append(("old", old))
    result = {"receiver_req_per_s": _receiver_rate(url), "workers": {}}
    for tag, worker in workers:
        config = _config(stack, var, tag)
        result["workers"][tag] = {
            "burst": _throughput(stack, worker, config, var, url, sizes["n"],
                                 tag, log),
            "hung": _hung(stack, worker, config, var, url, sizes, tag, log)}
    _clear(stack)
    return result


def line(result):
    parts = []
    for tag, w in result["workers"].items():
        parts.append(
            "%s worker %.0f webhooks/s (%d queued), worst delay behind a hung "
            "receiver %s%.2f s" % (
                tag, w["burst"]["webhooks_per_s"], w["burst"]["queued"],
                ">= " if w["hung"]["lower_bound"] else "",
                w["hung"]["worst_delay_s"]))
    return ("Outbox (one worker; the receiver alone takes %s req/s): %s."
            % (result["receiver_req_per_s"], "; ".join(parts)))
