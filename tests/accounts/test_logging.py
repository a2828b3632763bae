import logging

from config.logging import StripQueryStrings


def test_query_strings_never_reach_the_log():
    """A search for a name in the URL is logged without the name."""
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /participants/?q=Demoson HTTP/1.1", "200", "512"),
        None,
    )
    StripQueryStrings().filter(record)
    assert "Demoson" not in record.getMessage()
    assert "/participants/?" in record.getMessage()
