"""API keys sent as `api_key=` never reach the logs in full: gunicorn's access log (the logger
class `opensit serve` uses) and Django's loggers mask them."""

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from opensit.core.logmask import MASK, AccessLogger, MaskSecrets, mask
from opensit.core.management.commands.serve import ACCESS_LOGGER

KEY = "osk_1a2b3c4d.s3cr3t-v4lue"


@pytest.mark.parametrize(
    "text",
    [
        f"GET /api/v1/objects?api_key={KEY} HTTP/1.1",
        f"GET /api/v1/objects?type=hotel&api_key={KEY}&page=2 HTTP/1.1",
        f"GET /api/v1/objects?API_KEY={KEY} HTTP/1.1",
        f"GET /api/v1/objects?api%5Fkey={KEY} HTTP/1.1",
        f"api_key={KEY}",
        f'"https://site.example/?q=x;api_key={KEY}"',
    ],
)
def test_the_key_is_masked_and_the_rest_kept(text):
    masked = mask(text)
    assert "s3cr3t" not in masked and MASK in masked
    assert masked.replace(MASK, KEY) == text


def test_other_parameters_are_untouched():
    text = "GET /api/v1/objects?my_api_key_name=1&monkey=2 HTTP/1.1"
    assert mask(text) == text


def _access_line(capsys) -> str:
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("logger_class", ACCESS_LOGGER)
    assert cfg.logger_class is AccessLogger  # what `opensit serve` gives gunicorn
    logger = AccessLogger(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/api/v1/objects?type=hotel&api_key={KEY}",
        "PATH_INFO": "/api/v1/objects",
        "QUERY_STRING": f"type=hotel&api_key={KEY}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://site.example/map?api_key={KEY}",
    }
    req = SimpleNamespace(headers=[("X-API-KEY", KEY), ("AUTHORIZATION", f"Bearer {KEY}")])
    resp = SimpleNamespace(status="200 OK", sent=12, headers=[])
    logger.cfg.set("access_log_format", '%(r)s %(q)s "%(f)s" %({x-api-key}i)s %({authorization}i)s')
    logger.access(resp, req, environ, timedelta(milliseconds=3))
    for handler in logger.access_log.handlers:
        handler.flush()
    return capsys.readouterr().out


def test_gunicorn_access_log_masks_the_key(capsys):
    line = _access_line(capsys)
    assert "GET /api/v1/objects?type=hotel&api_key=[masked] HTTP/1.1" in line
    assert "s3cr3t" not in line and line.count(MASK) == 5


def test_django_loggers_mask_the_key():
    """The development server's request lines and every record of the console handler."""
    server = logging.getLogger("django.server")
    assert server.handlers and not server.propagate
    for logger in (server, logging.getLogger()):
        for handler in logger.handlers:
            if not any(isinstance(f, MaskSecrets) for f in handler.filters):
                continue
            record = logging.LogRecord(
                "django.server", logging.INFO, __file__, 1, '"%s" %s %s',
                (f"GET /api/v1/objects?api_key={KEY} HTTP/1.1", 200, 12), None,
            )  # fmt: skip
            assert handler.filter(record)
            assert "s3cr3t" not in record.getMessage()
            break
        else:
            pytest.fail(f"no MaskSecrets filter on the handlers of {logger.name}")


def test_gunicorn_error_log_masks_the_key(capsys):
    cfg = Config()
    cfg.set("errorlog", "-")
    logger = AccessLogger(cfg)
    logger.error("Invalid request from ip=%s: %s", "203.0.113.9", f"GET /x?api_key={KEY}")
    for handler in logger.error_log.handlers:
        handler.flush()
    captured = capsys.readouterr()
    assert "api_key=[masked]" in captured.err + captured.out
    assert "s3cr3t" not in captured.err + captured.out
