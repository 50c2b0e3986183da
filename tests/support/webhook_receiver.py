"""A real HTTP receiver for the webhook tests: it checks every request's Keyward-Signature
independently of Keyward's own code (Python's hmac) and writes each request as one JSON file
into a directory, so a C++ test can see what arrived and whether it was signed right.

Run: /usr/bin/python3 tests/support/webhook_receiver.py PORT DIR [FAIL_FIRST]

The secret is read from DIR/secret at each request (the test learns it only when it creates
the webhook). The first FAIL_FIRST requests are answered 500 (to test retries), the rest 204.
"""

import hashlib
import hmac
import http.server
import itertools
import json
import os
import sys
import time

TOLERANCE_SECONDS = 300


def check_signature(secret, header, body):
    """The receiver's side of the documented scheme: t=<unix>,v1=<hex HMAC-SHA256("t.body")>."""
    parts = dict(part.strip().split("=", 1) for part in header.split(",") if "=" in part)
    stamp, signature = parts.get("t", ""), parts.get("v1", "")
    if not stamp.isdigit() or not signature:
        return False, False
    expected = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    fresh = abs(time.time() - int(stamp)) <= TOLERANCE_SECONDS
    return hmac.compare_digest(expected, signature), fresh


class Receiver(http.server.BaseHTTPRequestHandler):
    numbers = itertools.count(1)
    directory = ""
    fail_first = 0

    def do_POST(self):
        number = next(self.numbers)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            with open(os.path.join(self.directory, "secret"), encoding="utf-8") as secret_file:
                secret = secret_file.read().strip()
        except FileNotFoundError:
            secret = ""
        valid, fresh = check_signature(secret, self.headers.get("Keyward-Signature", ""), body)
        status = 500 if number <= self.fail_first else 204
        record = {
            "path": self.path,
            "status": status,
            "content_type": self.headers.get("Content-Type"),
            "event": self.headers.get("Keyward-Event"),
            "event_id": self.headers.get("Keyward-Event-Id"),
            "delivery": self.headers.get("Keyward-Delivery"),
            "signature_valid": valid,
            "signature_fresh": fresh,
            "body": json.loads(body) if body else None,
        }
        name = "%06d.json" % number
        temporary = os.path.join(self.directory, "." + name)
        with open(temporary, "w", encoding="utf-8") as output:
            json.dump(record, output)
        os.rename(temporary, os.path.join(self.directory, name))  # whole files only
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    Receiver.directory = directory
    Receiver.fail_first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()


if __name__ == "__main__":
    main()
