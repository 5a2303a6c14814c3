#!/usr/bin/python3
"""An SMTP peer for releng/test-discover.sh on aiosmtpd (Debian's python3-aiosmtpd): STARTTLS required with AUTH only
after TLS (mode starttls), STARTTLS required with only AUTH XOAUTH2 after TLS (mode xoauth2, as Microsoft 365 and Google
Workspace tenants without passwords), or no TLS at all with AUTH offered in clear (mode plain). Every AUTH attempt is
refused and appended to LOG: discovery must never sign in. Prints "ready" once it listens; runs until killed.
Usage: /usr/bin/python3 discover-smtp-peer.py IP PORT starttls|xoauth2|plain CERT KEY LOG"""
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

ip, port, mode, cert, key, log = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]


class Handler:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"


class OAuthOnlyHandler(Handler):
    async def auth_XOAUTH2(self, server, args):
        with open(log, "a") as out:
            out.write("AUTH XOAUTH2\n")
        return AuthResult(success=False, handled=False)


def authenticator(server, session, envelope, mechanism, auth_data):
    with open(log, "a") as out:
        out.write(f"AUTH {mechanism}\n")
    return AuthResult(success=False, handled=False)


if mode in ("starttls", "xoauth2"):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    oauth_only = mode == "xoauth2"
    controller = Controller(OAuthOnlyHandler() if oauth_only else Handler(), hostname=ip, port=port,
                            server_hostname="fixture", tls_context=context, require_starttls=True,
                            authenticator=authenticator, auth_require_tls=True,
                            auth_exclude_mechanism=["LOGIN", "PLAIN"] if oauth_only else None)
else:
    controller = Controller(Handler(), hostname=ip, port=port, server_hostname="fixture",
                            authenticator=authenticator, auth_require_tls=False)
controller.start()
print("ready", flush=True)
threading.Event().wait()
