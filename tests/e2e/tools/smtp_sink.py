#!/usr/bin/python3
"""An SMTP server for the end-to-end tests (Debian's python3-aiosmtpd), on
127.0.0.1:--port. Each message received is written to --dir as one JSON
file: envelope sender and recipients, the decoded subject and body, the
Message-ID and the raw message. Writes --ready once it listens; stops on
SIGTERM.
"""
import argparse
import email
import email.policy
import itertools
import json
import os
import signal
import threading

from aiosmtpd.controller import Controller

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--dir", required=True)
parser.add_argument("--ready", required=True)
args = parser.parse_args()
counter = itertools.count(1)
lock = threading.Lock()


class Sink:
    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "from": str(message["From"]),
            "to": str(message["To"]),
            "subject": str(message["Subject"]),
            "message_id": str(message["Message-ID"]),
            "body": message.get_content().replace("\r\n", "\n"),
            "raw": raw.decode("utf-8", "replace"),
        }
        with lock:
            n = next(counter)
        path = os.path.join(args.dir, "%06d.json" % n)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)
        return "250 OK"


controller = Controller(Sink(), hostname="127.0.0.1", port=args.port)
controller.start()
with open(args.ready, "w") as f:
    f.write("ready")
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *unused: stop.set())
stop.wait()
controller.stop()
