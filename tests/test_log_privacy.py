"""No log line names a procedure code (the request tests show it for real requests)."""

from __future__ import annotations

import logging

import pytest

from portal.log_privacy import RedactCodes, redact


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Not Found: /code/cpt/63185/", "Not Found: /code/[redacted]"),
        ("Not Found: /CODE/cpt/63185/", "Not Found: /code/[redacted]"),
        (
            '"GET /code/2.16.840.1.113883.6.12/63185/ HTTP/1.1" 302 0',
            '"GET /code/[redacted] HTTP/1.1" 302 0',
        ),
        (
            '"GET /infobutton/?mainSearchCriteria.v.c=63185&x=1 HTTP/1.1" 200 812',
            '"GET /infobutton/?[redacted] HTTP/1.1" 200 812',
        ),
        (
            '"GET /infobutton?mainSearchCriteria.v.c=63185 HTTP/1.1" 301 0',
            '"GET /infobutton?[redacted] HTTP/1.1" 301 0',
        ),
        ("Bad Request: /infobutton/", "Bad Request: /infobutton/"),
        ("Not Found: /procedures/nope/", "Not Found: /procedures/nope/"),
        ('"GET /compare/?p=a&p=b HTTP/1.1" 200 5', '"GET /compare/?p=a&p=b HTTP/1.1" 200 5'),
    ],
)
def test_codes_are_taken_out_of_log_lines(line, expected):
    assert redact(line) == expected


def test_the_filter_rewrites_the_record_and_drops_the_request():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /code/cpt/63185/ HTTP/1.1", "302", "0"),
        None,
    )
    record.request = object()
    assert RedactCodes().filter(record)
    assert record.getMessage() == '"GET /code/[redacted] HTTP/1.1" 302 0'
    assert record.request is None


def test_other_records_are_left_alone():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/go/XX/",), None
    )
    request = record.request = object()
    assert RedactCodes().filter(record)
    assert (record.msg, record.args, record.request) == ("Not Found: %s", ("/go/XX/",), request)


@pytest.mark.parametrize("name", ["django.request", "django.server"])
def test_settings_attach_the_filter_to_the_loggers_that_log_addresses(name):
    assert any(isinstance(f, RedactCodes) for f in logging.getLogger(name).filters)
