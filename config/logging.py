"""Logging filters that keep personal data out of the logs."""

import logging
import re

QUERY_STRING = re.compile(r"\?[^\s\"]*")


class StripQueryStrings(logging.Filter):
    """Drop query strings from logged request lines: searches may carry names."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = QUERY_STRING.sub("?…", message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True
