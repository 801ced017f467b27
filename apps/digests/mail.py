"""Emails whose links can be copied whole, from a mail client or the console.

For text with lines longer than 78 characters (every link with a token) the email package
picks quoted-printable, which breaks lines with "=" inside the links, and encodes it in pure
Python, line by line (most of a digest run's time went there). The email package decides
by its policy's line length: with SMTP's own limit there, lines within it go as they are
(8bit), and only longer ones are encoded. Done through the public `policy` of
EmailMessage.message(), not by replacing how Django adds the bodies.
"""

from __future__ import annotations

import email.policy

from django.core.mail import EmailMultiAlternatives

# RFC 5322: at most 998 characters a line, with room to spare.
SMTP_LINE_LIMIT = 990


class ReadableEmail(EmailMultiAlternatives):
    def message(self, *, policy: email.policy.Policy = email.policy.default):
        # Whatever policy the backend asks for (SMTP's, the console's default), with
        # SMTP's line limit in place of 78.
        return super().message(policy=policy.clone(max_line_length=SMTP_LINE_LIMIT))
