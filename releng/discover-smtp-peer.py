#!/usr/bin/env python3
"""A small SMTP peer for releng/test-discover.sh: greeting, EHLO, STARTTLS (mode starttls) or none (mode plain),
AUTH advertised (after TLS with starttls) but always refused, QUIT. Every AUTH attempt is appended to LOG: discovery
must never sign in. Prints "ready" once it listens.
Usage: discover-smtp-peer.py IP PORT starttls|plain CERT KEY LOG"""
import socket
import ssl
import sys
import threading

ip, port, mode, cert, key, log = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(cert, key)


def serve(conn):
    tls = False
    f = conn.makefile("rwb")

    def send(text):
        f.write(text.encode() + b"\r\n")
        f.flush()

    try:
        send("220 fixture ESMTP")
        while True:
            line = f.readline()
            if not line:
                break
            verb = line.decode(errors="replace").strip().split(" ")[0].upper()
            if verb == "EHLO":
                caps = ["fixture"]
                if mode == "starttls" and not tls:
                    caps.append("STARTTLS")
                if tls or mode == "plain":
                    caps.append("AUTH PLAIN LOGIN")
                for c in caps[:-1]:
                    send("250-" + c)
                send("250 " + caps[-1])
            elif verb == "STARTTLS" and mode == "starttls" and not tls:
                send("220 go ahead")
                f.close()
                conn = ctx.wrap_socket(conn, server_side=True)
                f = conn.makefile("rwb")
                tls = True
            elif verb == "AUTH":
                with open(log, "a") as out:
                    out.write(line.decode(errors="replace"))
                send("535 5.7.8 refused")
            elif verb == "QUIT":
                send("221 bye")
                break
            else:
                send("502 5.5.1 not here")
    except (OSError, ssl.SSLError):
        pass
    finally:
        conn.close()


server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((ip, port))
server.listen(16)
print("ready", flush=True)
while True:
    c, _ = server.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
