"""Log records never carry a procedure code.

A code says what is being done to a patient; a log line holds a time and often an address. Django
logs the path of every answer of 400 and above (``django.request``), and the development server
logs every request line with its query string (``django.server``). This filter, attached to both
in settings, takes the code out of such a record before any handler sees it.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"
# Whatever follows /code/, and the query string of /infobutton/, in any case (/CODE/ is not
# found, and logged, too).
_CODE_PATH = re.compile(r"/code/[^\s\"']*", re.IGNORECASE)
_SERVICE_QUERY = re.compile(r"(/infobutton/?)\?[^\s\"']*", re.IGNORECASE)
_PRIVATE = re.compile(r"/code/|/infobutton", re.IGNORECASE)


def redact(text: str) -> str:
    text = _CODE_PATH.sub(f"/code/{REDACTED}", text)
    return _SERVICE_QUERY.sub(rf"\1?{REDACTED}", text)


class RedactCodes(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _PRIVATE.search(message):
            record.msg, record.args = redact(message), ()
            # Django's error e-mail would list the request's path and parameters.
            if hasattr(record, "request"):
                record.request = None
        return True
