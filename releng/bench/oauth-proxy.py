#!/usr/bin/python3
"""A recording HTTP proxy in front of Keycloak for releng/bench/xoauth2.sh. Everything (the browser, the product, Dovecot's
introspection) talks to Keycloak through it; Keycloak builds its URLs from the Host header it is given, which names the
proxy, so the issuer, the endpoints and the tokens' "iss" all say the proxy's address.
It records, for the benchmark only (its own work folder, mode 0600): every access and refresh token Keycloak issued, one
per line (TOKENS), so the scan can grep the product's files, logs and process arguments for the real values; and counts
in STATS (JSON): token requests by grant type, refresh requests refused (a reused rotated refresh token is refused with
invalid_grant), introspections and how many said inactive.
Usage: /usr/bin/python3 oauth-proxy.py LISTEN_PORT KEYCLOAK_PORT TOKENS STATS   (prints "ready" when it listens)"""
import http.client
import http.server
import json
import os
import sys
import threading
import urllib.parse

listen, upstream, tokens_path, stats_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
lock = threading.Lock()
stats = {"grants": {}, "refreshRefused": 0, "introspections": 0, "inactive": 0}
HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade", "te", "trailer"}


def save():
    tmp = stats_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(stats, f)
    os.replace(tmp, stats_path)


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass  # URLs carry codes: not logged

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        conn = http.client.HTTPConnection("127.0.0.1", upstream, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        conn.request(self.command, self.path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        self.record(body, r.status, data)
        self.send_response_only(r.status, r.reason)
        for k, v in r.getheaders():
            if k.lower() not in HOP and k.lower() != "content-length":
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    def record(self, body, status, data):
        path = urllib.parse.urlparse(self.path).path
        form = urllib.parse.parse_qs(body.decode()) if body else {}
        with lock:
            if path.endswith("/protocol/openid-connect/token"):
                grant = form.get("grant_type", ["?"])[0]
                stats["grants"][grant] = stats["grants"].get(grant, 0) + 1
                if grant == "refresh_token" and status != 200:
                    stats["refreshRefused"] += 1
                if status == 200:
                    answer = json.loads(data)
                    fd = os.open(tokens_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                    with os.fdopen(fd, "a") as f:
                        for key in ("access_token", "refresh_token", "id_token"):
                            if answer.get(key):
                                f.write(answer[key] + "\n")
            elif path.endswith("/token/introspect"):
                stats["introspections"] += 1
                if status != 200 or not json.loads(data).get("active"):
                    stats["inactive"] += 1
            else:
                return
            save()

    do_GET = do_POST = do_HEAD = forward


server = http.server.ThreadingHTTPServer(("127.0.0.1", listen), Proxy)
server.daemon_threads = True
save()
print("ready", flush=True)
server.serve_forever()
