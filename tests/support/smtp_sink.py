"""aiosmtpd handler for the mail tests: writes each received message as one JSON file
(envelope, decoded headers and the text and HTML bodies) into a directory, so a C++ test can
check what arrived without a MIME parser of its own. Python's email package parses the
message, which also proves that it is well-formed MIME.

Run: PYTHONPATH=tests/support /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:PORT \
       -c smtp_sink.JsonDirectory DIR
"""

import email
import email.policy
import itertools
import json
import os


class JsonDirectory:
    _numbers = itertools.count(1)

    def __init__(self, directory):
        self.directory = directory

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("smtp_sink.JsonDirectory takes the output directory")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message["From"]),
            "to": str(message["To"]),
            "subject": str(message["Subject"]),
            "date": str(message["Date"]),
            "message_id": str(message["Message-ID"]),
            "text": text.get_content() if text is not None else None,
            "html": html.get_content() if html is not None else None,
        }
        name = "%d-%06d.json" % (os.getpid(), next(self._numbers))
        temporary = os.path.join(self.directory, "." + name)
        with open(temporary, "w", encoding="utf-8") as output:
            json.dump(record, output)
        # Renamed only when complete, so a reader never sees half a file.
        os.rename(temporary, os.path.join(self.directory, name))
        return "250 OK"
