#!/usr/bin/env python3
"""Write an mbox of N synthetic bounces (default 100,000) for benches/bounces.sh.

The messages follow the shapes of real notices (Postfix DSN, Gmail DSN,
Office 365 DSN, Exim text, qmail text, ARF complaint, auto-reply) with
varied recipients and reasons, so the benchmark exercises every parser path.
Deterministic: the same N gives the same file.
"""
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
OUT = sys.argv[2] if len(sys.argv) > 2 else "bounces-100k.mbox"

DIAGS = [
    ("5.1.1", "550 5.1.1 <{r}>: Recipient address rejected: User unknown in virtual mailbox table"),
    ("5.2.2", "552 5.2.2 <{r}>: Recipient address rejected: Mailbox full"),
    ("5.7.1", "554 5.7.1 Service unavailable; Client host [198.51.100.20] blocked using zen.spamhaus.org"),
    ("5.7.26", "550 5.7.26 This mail has been blocked because the sender is unauthenticated."),
    ("4.7.28", "421 4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address."),
    ("5.4.1", "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)"),
    ("5.3.4", "552 5.3.4 Message size exceeds fixed limit"),
    ("4.4.1", "connect to mx.slow.example[203.0.113.9]:25: Connection timed out"),
]

ORIGINAL = """From: Sender News <newsletter@sender.test>
To: {r}
Subject: January offers {i}
Message-ID: <{i}.newsletter@mail.sender.test>
Date: Tue, 16 Jan 2024 09:12:40 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hello, our January offers are here. {pad}
"""

def postfix(i, r, status, diag):
    action = "delayed" if status.startswith("4") else "failed"
    b = f"B{i}.1705396364/mail.sender.test"
    d = diag.format(r=r)
    return f"""Return-Path: <>
Date: Tue, 16 Jan 2024 09:12:44 +0000 (UTC)
From: MAILER-DAEMON@mail.sender.test (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: newsletter@sender.test
Auto-Submitted: auto-replied
Message-Id: <{i}.bounce@mail.sender.test>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="{b}"

This is a MIME-encapsulated message.

--{b}
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.sender.test.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<{r}>: host mx.example.org[192.0.2.25] said: {d} (in reply to RCPT TO command)

--{b}
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.sender.test
Arrival-Date: Tue, 16 Jan 2024 09:12:40 +0000

Final-Recipient: rfc822; {r}
Original-Recipient: rfc822;{r}
Action: {action}
Status: {status}
Remote-MTA: dns; mx.example.org
Diagnostic-Code: smtp; {d}

--{b}
Content-Description: Undelivered Message
Content-Type: message/rfc822

{ORIGINAL.format(r=r, i=i, pad="x" * 200)}
--{b}--
"""

def exim(i, r, status, diag):
    return f"""Return-Path: <>
Date: Tue, 16 Jan 2024 09:12:44 +0000
From: Mail Delivery System <Mailer-Daemon@mail.sender.test>
To: newsletter@sender.test
Subject: Mail delivery failed: returning message to sender
Message-Id: <{i}.exim@mail.sender.test>
X-Failed-Recipients: {r}
Auto-Submitted: auto-replied

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  {r}
    host mx.example.org [192.0.2.25]
    SMTP error from remote mail server after RCPT TO:<{r}>:
    {diag.format(r=r)}

------ This is a copy of the message, including all the headers. ------

{ORIGINAL.format(r=r, i=i, pad="y" * 200)}"""

def qmail(i, r, status, diag):
    return f"""Return-Path: <>
Date: Tue, 16 Jan 2024 09:12:44 +0000
From: MAILER-DAEMON@mail.sender.test
To: newsletter@sender.test
Subject: failure notice
Message-Id: <{i}.qmail@mail.sender.test>

Hi. This is the qmail-send program at mail.sender.test.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<{r}>:
192.0.2.25 does not like recipient.
Remote host said: {diag.format(r=r)}
Giving up on 192.0.2.25.

--- Below this line is a copy of the message.

{ORIGINAL.format(r=r, i=i, pad="z" * 200)}"""

def arf(i, r, status, diag):
    b = f"ARF{i}"
    return f"""From: feedback@arf.mail.yahoo.example
To: fbl@sender.test
Subject: FW: January offers
Date: Tue, 16 Jan 2024 10:00:00 +0000
Message-ID: <{i}.arf@fbl.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="{b}"

--{b}
Content-Type: text/plain

This is an email abuse report.

--{b}
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: Yahoo!-Mail-Feedback/2.0
Version: 0.1
Original-Rcpt-To: {r}
Arrival-Date: Tue, 16 Jan 2024 09:12:40 +0000

--{b}
Content-Type: message/rfc822

{ORIGINAL.format(r=r, i=i, pad="")}
--{b}--
"""

def autoreply(i, r, status, diag):
    return f"""From: Someone <{r}>
To: newsletter@sender.test
Subject: Automatic reply: January offers
Date: Tue, 16 Jan 2024 09:13:00 +0000
Message-ID: <{i}.ooo@example.org>
Auto-Submitted: auto-replied

I am out of the office until Monday.
"""

SHAPES = [postfix, postfix, postfix, exim, qmail, postfix, arf, autoreply, exim, postfix]

with open(OUT, "w") as f:
    for i in range(N):
        r = f"user{i}@d{i % 997}.example"
        status, diag = DIAGS[i % len(DIAGS)]
        msg = SHAPES[i % len(SHAPES)](i, r, status, diag)
        f.write("From MAILER-DAEMON Tue Jan 16 09:12:44 2024\n")
        for line in msg.split("\n"):
            f.write((">" + line if line.startswith("From ") else line) + "\n")
        f.write("\n")
print(f"wrote {N} messages to {OUT}", file=sys.stderr)
