#!/usr/bin/python3
"""A webhook receiver for the end-to-end tests, on 127.0.0.1.

Logs every POST as one JSON line (headers with lowercase names, the body,
the status it answers, and whether it is a duplicate: a webhook-id it
already accepted, which a real receiver would drop) and answers 200,
except:
  --fail-first N   the first N requests of each webhook-id get 500;
  --delay-ms N     every answer waits N ms (a slow receiver);
  --hold-file F    every answer waits until file F exists (a receiver
                   that hangs until the test releases it).
The most requests it had in hand at once is kept in LOG.max_concurrent.
Writes its port to --port-file once it listens; stops on SIGTERM.
"""
import argparse
import http.server
import json
import os
import signal
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port-file", required=True)
parser.add_argument("--log", required=True)
parser.add_argument("--fail-first", type=int, default=0)
parser.add_argument("--delay-ms", type=int, default=0)
parser.add_argument("--hold-file", default="")
args = parser.parse_args()

lock = threading.Lock()
seen = {}
accepted = set()
in_hand = [0, 0]  # now, most
log = open(args.log, "a", encoding="utf-8")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        headers = {k.lower(): v for k, v in self.headers.items()}
        key = headers.get("webhook-id", "")
        with lock:
            in_hand[0] += 1
            if in_hand[0] > in_hand[1]:
                in_hand[1] = in_hand[0]
                with open(args.log + ".max_concurrent.tmp", "w") as f:
                    f.write(str(in_hand[1]))
                os.rename(args.log + ".max_concurrent.tmp",
                          args.log + ".max_concurrent")
            seen[key] = seen.get(key, 0) + 1
            status = 500 if seen[key] <= args.fail_first else 200
            duplicate = key in accepted
            if status == 200:
                accepted.add(key)
            log.write(json.dumps({"path": self.path, "headers": headers,
                                  "body": body.decode("utf-8", "replace"),
                                  "status": status,
                                  "duplicate": duplicate}) + "\n")
            log.flush()
        if args.delay_ms:
            time.sleep(args.delay_ms / 1000.0)
        while args.hold_file and not os.path.exists(args.hold_file):
            time.sleep(0.01)
        with lock:
            in_hand[0] -= 1
        answer = b'{"ok":true}' if status == 200 else b'{"error":"try again"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *unused):
        pass


# A worker opens many connections at once: the default backlog of 5 drops
# some on a busy machine.
http.server.ThreadingHTTPServer.request_queue_size = 128
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
signal.signal(signal.SIGTERM, lambda *unused: sys.exit(0))
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(args.port_file + ".tmp", args.port_file)
try:
    server.serve_forever()
except SystemExit:
    pass
