#!/usr/bin/env python3
"""Helpers of test-cli.sh for campaigns, written once:

  test-campaign.py make DIR N PREFIX JSON   a list of N recipients PREFIXi@example.org (with first_name) and
                                            DIR/campaign.json: the given JSON object over a default campaign
  test-campaign.py count PORT PREFIX N OUT  counts each recipient's messages over POP3 (the local mail server, read
                                            by Python's poplib, not our code), 8 at a time; writes {"counts": {...},
                                            "subject": the decoded subject of one message received} to OUT
"""
import email, email.header, json, poplib, sys
from concurrent.futures import ThreadPoolExecutor


def make(d, n, prefix, extra):
    with open(f"{d}/list.csv", "w") as f:
        f.write("email,first_name\n")
        for i in range(n):
            f.write(f"{prefix}{i}@example.org,Reader {i}\n")
    campaign = {"name": "Test", "from": "news@company.com", "subject": "Hello {{first_name}}",
                "text": "Hello {{first_name}}", "list": "list.csv", "servers": ["Relay"]}
    campaign.update(json.loads(extra))
    json.dump(campaign, open(f"{d}/campaign.json", "w"))


def count(port, prefix, n, out):
    subject = [None]

    def one(user):
        pop = poplib.POP3("127.0.0.1", port, timeout=30)
        try:
            pop.user(user); pop.pass_(user)
            messages = pop.stat()[0]
            if messages and subject[0] is None:
                msg = email.message_from_bytes(b"\r\n".join(pop.retr(1)[1]))
                subject[0] = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
            return messages
        except poplib.error_proto:
            return 0  # no mailbox: nothing was ever delivered to this address
        finally:
            pop.quit()

    users = [f"{prefix}{i}@example.org" for i in range(n)]
    with ThreadPoolExecutor(8) as pool:
        counts = dict(zip(users, pool.map(one, users)))
    json.dump({"counts": counts, "subject": subject[0]}, open(out, "w"))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    else:
        count(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5])
