"""Simulated portal users for bench/load/run.sh: each user signs in with a browser session
(cookie + CSRF token, as the web portal does) and browses in a loop until the time is up:

  licenses        GET  /api/v1/licenses?q=…&sort=…&page=…   (search, sort, paging)
  license         GET  /api/v1/licenses/{id}                 (license information)
  devices         GET  /api/v1/licenses/{id}/devices?status=…&sort=…&page=…
  device          GET  /api/v1/devices/{id}                  (device information)
  export_start    POST /api/v1/exports                       (XLSX and CSV, licenses and devices)
  export_ready    time from the POST until GET /api/v1/exports/{id} says done (polled every 50 ms)
  export_download GET  /api/v1/exports/{id}/file             (checked: XLSX is a ZIP, CSV has the BOM)
  sign_in, sign_out

Prints one JSON object: per kind count, errors, p50/p95/p99 in ms; and the first errors.
Exit code 1 when any request failed or answered other than 2xx.

Run: /usr/bin/python3 portal_users.py --port P --users-file F --seconds S [--think-ms T]
The users file holds "email password" per line; each simulated user takes one line.
"""

import argparse
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

SEARCHES = ["", "", "load", "customer 2", "lizenz", "b", "zz-no-match"]
LICENSE_SORTS = ["name", "-name", "customer", "-expires_at", "activations", "-created_at"]
DEVICE_SORTS = ["hostname", "-last_contact", "status", "-infections", "os", "ip"]
STATUSES = [None, "threatened", "obsolete", "insecure", "unknown", "review", "profile_missing"]
EXPORT_TIMEOUT_S = 120
# How often a waiting user asks whether the export is done: export_ready is this coarse.
EXPORT_POLL_S = 0.05


class Failure(Exception):
    """A request of `kind` that failed; counted under that kind."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples = {}
        self.errors = {}
        self.first_errors = []

    def record(self, kind, seconds):
        with self.lock:
            self.samples.setdefault(kind, []).append(seconds * 1000)

    def fail(self, kind, message):
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.first_errors) < 10:
                self.first_errors.append("%s: %s" % (kind, message))

    def summary(self):
        def percentile(values, fraction):
            if not values:
                return 0
            ordered = sorted(values)
            return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 2)

        kinds = {}
        for kind in sorted(set(self.samples) | set(self.errors)):
            values = self.samples.get(kind, [])
            kinds[kind] = {"count": len(values), "errors": self.errors.get(kind, 0),
                           "p50": percentile(values, 0.50), "p95": percentile(values, 0.95),
                           "p99": percentile(values, 0.99)}
        return {"kinds": kinds, "errors": sum(self.errors.values()),
                "first_errors": self.first_errors}


class User:
    """One browser: a keep-alive connection, the session cookie and its CSRF token."""

    def __init__(self, port, email, password, results, think_s, rng):
        self.port = port
        self.email = email
        self.password = password
        self.results = results
        self.think_s = think_s
        self.rng = rng
        self.connection = None
        self.cookie = None
        self.csrf = None

    def request(self, kind, method, path, body=None, expect_json=True):
        headers = {"Accept": "application/json"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if method != "GET" and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.monotonic()
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                payload = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed the idle keep-alive connection: a browser reconnects too.
                self.connection.close()
                self.connection = None
                if attempt == 1:
                    raise
        elapsed = time.monotonic() - started
        if not 200 <= response.status < 300:
            raise Failure(kind or "export_poll",
                          "%s %s -> %d %s" % (method, path, response.status, payload[:200]))
        if kind:
            self.results.record(kind, elapsed)
        if not expect_json:
            return response, payload
        return response, (json.loads(payload) if payload else None)

    def sign_in(self):
        response, body = self.request("sign_in", "POST", "/api/v1/session",
                                      {"email": self.email, "password": self.password})
        cookie = response.getheader("Set-Cookie") or ""
        self.cookie = cookie.split(";", 1)[0]
        self.csrf = body["csrf_token"]
        if not self.cookie.startswith("kw_session=") or not self.csrf:
            raise Failure("sign_in", "no session cookie or CSRF token")

    def sign_out(self):
        self.request("sign_out", "DELETE", "/api/v1/session", expect_json=False)
        self.cookie = None
        self.csrf = None

    def think(self):
        if self.think_s:
            time.sleep(self.think_s * self.rng.uniform(0.5, 1.5))

    def browse_licenses(self):
        """The license list as it opens, then two more pages with a search, sort and paging;
        returns the licenses seen."""
        licenses = []
        for turn in range(3):
            query = {"sort": self.rng.choice(LICENSE_SORTS)}
            if turn > 0:
                query["per_page"] = self.rng.choice([10, 25, 50])
                query["page"] = self.rng.choice([1, 1, 2, 3])
                search = self.rng.choice(SEARCHES)
                if search:
                    query["q"] = search
                if self.rng.random() < 0.3:
                    query["hide_expired"] = "true"
            _, body = self.request("licenses", "GET", "/api/v1/licenses?" + urllib.parse.urlencode(query))
            licenses.extend(body["items"])
            self.think()
        return licenses

    def browse_devices(self, license_id):
        """License information, two device list pages with status filters; returns devices."""
        self.request("license", "GET", "/api/v1/licenses/%d" % license_id)
        self.think()
        devices = []
        for _ in range(2):
            query = {"sort": self.rng.choice(DEVICE_SORTS), "per_page": self.rng.choice([25, 50, 100]),
                     "page": self.rng.choice([1, 1, 2])}
            status = self.rng.choice(STATUSES)
            if status:
                query["status"] = status
            _, body = self.request("devices", "GET", "/api/v1/licenses/%d/devices?%s"
                                   % (license_id, urllib.parse.urlencode(query)))
            devices.extend(body["items"])
            self.think()
        return devices

    def export(self, table, file_format, license_id):
        request = {"table": table, "format": file_format}
        if table == "devices":
            request["license_id"] = license_id
            if self.rng.random() < 0.5:
                request["status"] = self.rng.choice(STATUSES[1:])
        started = time.monotonic()
        _, job = self.request("export_start", "POST", "/api/v1/exports", request)
        while True:
            _, state = self.request(None, "GET", "/api/v1/exports/%d" % job["id"])
            if state["status"] == "done":
                break
            if state["status"] == "failed" or time.monotonic() - started > EXPORT_TIMEOUT_S:
                raise Failure("export_ready", "export %d: %s" % (job["id"], json.dumps(state)))
            time.sleep(EXPORT_POLL_S)
        self.results.record("export_ready", time.monotonic() - started)
        _, payload = self.request("export_download_" + file_format, "GET", state["download_url"],
                                  expect_json=False)
        if file_format == "xlsx" and not payload.startswith(b"PK"):
            raise Failure("export_download_xlsx", "the XLSX download is not a ZIP file")
        if file_format == "csv" and not payload.startswith(b"\xef\xbb\xbf"):
            raise Failure("export_download_csv", "the CSV download has no UTF-8 BOM")

    def session(self, cycle):
        self.sign_in()
        self.think()
        licenses = self.browse_licenses()
        if not licenses:
            raise Failure("licenses", "the license list shows nothing")
        with_devices = [item for item in licenses if item["activations"]["used"] > 0]
        license_id = self.rng.choice(with_devices or licenses)["id"]
        devices = self.browse_devices(license_id)
        if devices:
            self.request("device", "GET", "/api/v1/devices/%d" % self.rng.choice(devices)["id"])
            self.think()
        self.export("devices" if cycle % 2 == 0 else "licenses", "xlsx" if cycle % 4 < 2 else "csv",
                    license_id)
        self.think()
        self.sign_out()

    def run(self, deadline):
        cycle = self.rng.randrange(4)
        while time.monotonic() < deadline:
            try:
                self.session(cycle)
            except Failure as error:
                self.fail(error.kind, str(error))
            except Exception as error:  # noqa: BLE001 - a broken connection, bad JSON: counted
                self.fail("connection", repr(error))
            cycle += 1

    def fail(self, kind, message):
        """Counts the failure and starts over with a new connection and a new sign-in."""
        self.results.fail(kind, message)
        if self.connection:
            self.connection.close()
        self.connection = None
        self.cookie = None
        self.csrf = None
        time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--users-file", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--think-ms", type=float, default=250)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with open(args.users_file, encoding="utf-8") as users_file:
        accounts = [line.split() for line in users_file if line.strip()]
    results = Results()
    deadline = time.monotonic() + args.seconds
    threads = []
    for number, (email, password) in enumerate(accounts):
        user = User(args.port, email, password, results, args.think_ms / 1000,
                    random.Random(args.seed * 1000 + number))
        threads.append(threading.Thread(target=user.run, args=(deadline,)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    summary = results.summary()
    summary["users"] = len(accounts)
    summary["seconds"] = args.seconds
    print(json.dumps(summary))
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
