"""Emails whose links can be copied whole, from a mail client or the console.

For text with lines longer than 78 characters (every link with a token) the email package
picks quoted-printable, which breaks lines with "=" inside the links, and encodes it in pure
Python, line by line (most of a digest run's time went there). Lines within SMTP's limit
go as they are (8bit, as Django sends short-lined text), longer ones in base64.
"""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives

# RFC 5322: at most 998 characters a line, with room to spare.
SMTP_LINE_LIMIT = 990


class ReadableEmail(EmailMultiAlternatives):
    def _add_bodies(self, msg):
        # Django's own hook for the bodies; its encoding choice is what is replaced here.
        parts = [("plain", self.body)]
        parts += [(a.mimetype.split("/", 1)[1], a.content) for a in self.alternatives]
        for index, (subtype, content) in enumerate(parts):
            longest = max((len(line) for line in content.encode().splitlines()), default=0)
            cte = "8bit" if longest <= SMTP_LINE_LIMIT else "base64"
            add = msg.set_content if index == 0 else msg.add_alternative
            add(content, subtype=subtype, charset="utf-8", cte=cte)
        return msg
